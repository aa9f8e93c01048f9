import { isTag, isText, type Element } from 'domhandler';
import { collapse, collapsedText } from '../../parsing/dom.js';
import { cssPath } from '../../parsing/css-path.js';
import { labelledField, type FieldContext } from '../field.js';
import { dictionaryName } from '../labels.js';
import type { ExtractedField } from '../model.js';
import type { Budget } from './budget.js';
import type { Run } from './runs.js';

/**
 * Facts written as a phrase, where the label is a word of the sentence: "Music by Antonín Dvořák", "Musik von
 * Engelbert Humperdinck", "musica di Giacomo Puccini", "Please quote Bid number B-2027-14". Only phrases whose
 * head word the label dictionary knows become fields (a "Photo by …" caption names nobody the page is about), and
 * identifier phrases need a value with a digit.
 */
const PREPOSITIONS = 'by|von|di|de|du|des|par|van|door|por|przez|av|af|od';
const NAME = String.raw`\p{Lu}[\p{L}.'’-]*(?:\s+(?:(?:de|da|di|del|della|van|von|der|den|la|le|du|y|e|zu|ter)\s+)?\p{Lu}[\p{L}.'’-]*){0,4}`;
const BY_PHRASE = new RegExp(String.raw`(?:^|[\s(,;.–—-])((?:\p{L}+\s+){0,2}\p{L}+)\s+(?:${PREPOSITIONS})\s+(${NAME})`, 'gu');
const ID_WORDS = String.raw`number|no\.?|nr\.?|n[°º]\.?|#|id|ref(?:erence)?|code|nummer|numero|número|numéro|numer|nummer`;
const ID_PHRASE = new RegExp(String.raw`(?:^|[\s(,;])((?:\p{L}[\p{L}-]*\s+)?(?:${ID_WORDS}))\s*[:#]?\s*([A-Z0-9][A-Z0-9/._-]*\d[A-Z0-9/._-]*[A-Z0-9])(?=$|[\s),;.!?])`, 'giu');
/** Words that open a noun phrase without naming anything ("the", "il", "der"): not part of a label. */
const ARTICLES = new Set(['the', 'a', 'an', 'our', 'your', 'this', 'that', 'il', 'lo', 'la', 'le', 'les', 'el', 'los', 'las', 'der', 'die', 'das', 'den', 'dem', 'des', 'de', 'du', 'het', 'een', 'o', 'os', 'as', 'un', 'une', 'ein', 'eine', 'per', 'for', 'with', 'and', 'please', 'quote', 'indicare', 'il', 'del', 'della', 'al']);
const MAX_PHRASE_RUN = 600;

export function phraseFields(runs: readonly Run[], ctx: FieldContext, budget: Budget): ExtractedField[] {
  const fields: ExtractedField[] = [];
  for (const run of runs) {
    if (run.text.length > MAX_PHRASE_RUN || run.heading === 1) continue;
    for (const m of run.text.matchAll(BY_PHRASE)) {
      const head = (m[1] as string).trim();
      const words = head.split(/\s+/);
      const name = dictionaryName(head) ?? dictionaryName(words[words.length - 1] as string);
      if (!name || !budget.take()) continue;
      fields.push(labelledField(ctx, head, (m[2] as string).trim(), 0.6, { kind: 'css', path: cssPath(run.element) }, { name }));
    }
    // A run that opens with the label is the line reader's ("Bid number: X"); here the label sits inside a sentence.
    for (const m of run.text.matchAll(ID_PHRASE)) {
      if (m.index === 0 || !budget.take()) continue;
      const words = (m[1] as string).trim().split(/\s+/);
      if (words.length > 1 && ARTICLES.has((words[0] as string).toLowerCase())) words.shift();
      fields.push(labelledField(ctx, words.join(' '), m[2] as string, 0.55, { kind: 'css', path: cssPath(run.element) }));
    }
  }
  return fields;
}

/** Inline elements a sentence marks its facts with: "Le pouvoir adjudicateur est <span>Ville de Beaufort</span>." */
const MARKS = new Set(['span', 'strong', 'b', 'em', 'i', 'time', 'mark']);
const MAX_MARKED_VALUE = 120;
/** Words before a marked value that may hold its label ("… Cet avis a été publié le"). */
const LOOKBACK_WORDS = 7;

/**
 * Facts marked inside a sentence: a `<span>`/`<strong>`/`<time>` whose sentence, just before it, says what it is in
 * words the label dictionary knows ("the contracting authority is <span>X</span>", "publié le <span>05/01/2027</span>",
 * "selon la <span>Procédure restreinte</span>"). The longest known phrase among the last few words names the field;
 * a mark with no such words before it stays text.
 */
export function markedPhraseFields(runs: readonly Run[], ctx: FieldContext, budget: Budget): ExtractedField[] {
  const fields: ExtractedField[] = [];
  for (const run of runs) {
    if (run.heading > 0 || run.text.length > MAX_PHRASE_RUN || MARKS.has(run.element.tagName)) continue;
    let before = '';
    for (const node of run.element.children) {
      if (isText(node)) {
        before += node.data;
        continue;
      }
      if (!isTag(node)) continue;
      const value = collapse(collapsedText(node));
      if (MARKS.has(node.tagName) && value.length > 0 && value.length <= MAX_MARKED_VALUE) {
        const sentence = collapse(before).split(/[.!?:;]\s+/u).at(-1) ?? '';
        const words = sentence.split(' ').filter(Boolean).slice(-LOOKBACK_WORDS);
        // A bare label before the value is the pair readers' ("Dirigent <span>X</span>"); here it sits in a sentence.
        // A bare label that opens a line of several marked facts ("Auteur <span>X</span> · <span>8-1-2027</span>")
        // is one too: the pair readers take an element holding one label and one value only.
        const bare = words.length >= 1 && words.length <= 3 && runHasSeveralMarks(run.element) ? dictionaryName(words.join(' ')) : null;
        const label = words.length >= 2 ? knownPhrase(words) : bare ? { text: words.join(' '), name: bare } : null;
        if (label && budget.take()) fields.push(labelledField(ctx, label.text, value, 0.55, { kind: 'css', path: cssPath(node) }, { name: label.name }));
        before = '';
        continue;
      }
      before += ` ${collapsedText(node)} `;
    }
  }
  return fields;
}

function runHasSeveralMarks(element: Element): boolean {
  let marks = 0;
  for (const node of element.children) if (isTag(node) && MARKS.has(node.tagName) && ++marks > 1) return true;
  return false;
}

/** The longest run of words the dictionary knows, the one nearest the end on a tie. */
function knownPhrase(words: readonly string[]): { text: string; name: string } | null {
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    for (let start = words.length - n; start >= 0; start--) {
      const text = words.slice(start, start + n).join(' ');
      if (n === 1 && ARTICLES.has(text.toLowerCase())) continue;
      const name = dictionaryName(text);
      if (name) return { text, name };
    }
  }
  return null;
}
