import { dictionaryName, LABEL_DICTIONARY, labelKey, snakeCase } from '../labels.js';
import { labelledField, type FieldContext } from '../field.js';
import type { ExtractedField, Provenance } from '../model.js';
import type { Budget } from './budget.js';
import { inferValue } from '../normalize/infer.js';

/**
 * `Label: value` in running text and PDF lines, plus layouts without a colon that only count for labels the
 * dictionary knows: `Regi – Anna Svensson`, the label alone on a line with the value on the next, and
 * `Invoice Number INV-1` on one line.
 */
export interface TextLine {
  text: string;
  /** Where the line is; a function when working it out costs something (a CSS path) and most lines yield nothing. */
  provenance: Provenance | (() => Provenance);
  /** A section heading: it introduces what follows, it is not the label of the line after it. */
  heading?: boolean;
}

function provenanceOf(line: TextLine): Provenance {
  return typeof line.provenance === 'function' ? line.provenance() : line.provenance;
}

const LABEL_VALUE = /^\s*([\p{L}][\p{L}\p{N} .,'’()/&#°+-]{0,58}?)\s*[:：]\s*(\S.{0,400})$/u;
/** `Regi – Anna Svensson`: a dash between spaces stands for the colon, for labels the dictionary knows. */
const LABEL_DASH_VALUE = /^\s*([\p{L}][\p{L}\p{N} .'’/&]{0,40}?)\s+[–—-]\s+(\S.{0,300})$/u;
const NOT_LABELS = /^(?:https?|ftp|mailto|tel|note|hinweis|nb|ps|warning|achtung|update)$/i;

/** `Lot 1`, `Los 2`, `Lotto 3`, `Item 4`, `Perceel nr. 5`, `Lotto n. 6`: a numbered label, whose number is a value of its own. */
const NUMBERED_LABEL = /^([\p{L}][\p{L}.]{1,20})\s+(?:n[o°º]?\.?\s*|nr\.?\s*|#\s*)?(\d{1,4})$/u;

/**
 * `headings` are the texts of the page's section headings: a heading alone on a line ("Cast", "Représentations")
 * introduces a section, it is not the label of the line after it.
 */
export function lineFields(input: readonly TextLine[], ctx: FieldContext, budget: Budget, confidence = 0.7, headings: ReadonlySet<string> = new Set()): ExtractedField[] {
  const fields: ExtractedField[] = [];
  const lines = input.flatMap(partsOfPairs).flatMap(sentencesOfPairs);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as TextLine;
    const text = line.text.trim();
    if (text.length === 0 || text.length > 500) continue;
    const row = labelRow(text, lines[i + 1]?.text.trim() ?? '');
    if (row) {
      for (const [label, value] of row) if (budget.take()) fields.push(labelledField(ctx, label, value, confidence - 0.1, provenanceOf(lines[i + 1] as TextLine)));
      i++;
      continue;
    }
    const colon = LABEL_VALUE.exec(text);
    const numbered = colon ? NUMBERED_LABEL.exec((colon[1] as string).trim()) : null;
    if (colon && numbered && /\p{L}{2,}/u.test(colon[2] as string) && !/^\d{1,2}(?:[:.]\d{2})?\b(?!-)/.test(colon[2] as string)) {
      if (!budget.take() || !budget.take()) break;
      fields.push(...numberedFields(ctx, numbered, colon[2] as string, confidence, valueProvenance(line, text, colon[2] as string)));
      continue;
    }
    if (colon && isLabel(colon[1] as string) && !/^\/\//.test(colon[2] as string) && !(/\d$/.test(colon[1] as string) && /^\d/.test(colon[2] as string))) {
      if (!budget.take()) break;
      fields.push(labelledField(ctx, colon[1] as string, colon[2] as string, confidence, valueProvenance(line, text, colon[2] as string)));
      continue;
    }
    const dashed = LABEL_DASH_VALUE.exec(text);
    if (dashed && dictionaryName(dashed[1] as string) && !line.heading) {
      if (!budget.take()) break;
      fields.push(labelledField(ctx, dashed[1] as string, dashed[2] as string, confidence - 0.1, valueProvenance(line, text, dashed[2] as string)));
      continue;
    }
    if (dictionaryName(text) && text.length <= 40 && !line.heading && !headings.has(text)) {
      const next = lines[i + 1];
      const value = next?.text.trim() ?? '';
      // A heading after a lone label ("Biljetter", then the "Nyhetsbrev" box) opens another section: it is no value.
      if (next && value !== '' && value.length <= 200 && !next.heading && !dictionaryName(value) && !LABEL_VALUE.test(value)) {
        if (!budget.take()) break;
        fields.push(labelledField(ctx, text, value, confidence - 0.15, provenanceOf(next)));
        i++;
      }
      continue;
    }
    const prefixed = knownPrefix(text);
    if (prefixed && budget.take()) fields.push(labelledField(ctx, prefixed.label, prefixed.value, confidence - 0.15, valueProvenance(line, text, prefixed.value)));
  }
  return lastAmounts(fields);
}

/**
 * A row of labels (`Invoice Date: Due Date: Reference:`) over a row of as many values (`03/20/2023 04/04/2023
 * CUSTREF123`): column pairs. Values split at runs of two spaces when there are enough, else at single spaces.
 */
function labelRow(text: string, next: string): Array<[string, string]> | null {
  if (!/:\s*$/.test(text) || next === '' || LABEL_VALUE.test(next)) return null;
  const labels = text
    .split(/[:：]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (labels.length < 2 || labels.length > 8 || !labels.every((l) => isLabel(l) && /^\p{L}/u.test(l) && l.length <= 40)) return null;
  const wide = next.split(/\s{2,}|\t/).filter((v) => v !== '');
  const values = wide.length === labels.length ? wide : next.split(/\s+/);
  if (values.length !== labels.length) return null;
  return labels.map((l, k) => [l, values[k] as string]);
}

/**
 * Totals build up down a document: `Subtotal $ 112.00` under one group of lines, `Subtotal $ 150.90` under the next,
 * `Subtotal $ 262.90` for all of them. An amount label that repeats keeps its last value; the earlier ones belong to
 * the groups above it, whose lines carry them. Only in running documents (PDF and text); a web page's repeated
 * prices are options or related items, which the page's own reading sorts out.
 */
function lastAmounts(fields: ExtractedField[]): ExtractedField[] {
  const documentLine = (f: ExtractedField): boolean => f.type === 'money' && (f.provenance[0]?.kind === 'pdf' || f.provenance[0]?.kind === 'text');
  const last = new Map<string, number>();
  fields.forEach((f, k) => {
    if (documentLine(f)) last.set(f.name, k);
  });
  return fields.filter((f, k) => !documentLine(f) || last.get(f.name) === k);
}

/** A sentence ends after a word or a number, before a capital. */
const SENTENCE_END = /(?<=\p{Ll}{2}|\d|\))[.;]\s+(?=\p{Lu})/u;

/**
 * "Estreno: 16 de septiembre de 2026, 20:00. Temporada: del 16 al 27. Localidades € 32 – 204.": a line that opens
 * with a label reads as its sentences, so each value ends with its own.
 */
function sentencesOfPairs(line: TextLine): TextLine[] {
  if (!LABEL_VALUE.test(line.text.trim()) || !SENTENCE_END.test(line.text)) return [line];
  return line.text
    .split(SENTENCE_END)
    .map((t) => t.trim().replace(/[.;]$/, ''))
    .filter((t) => t !== '')
    .map((text) => ({ ...line, text }));
}

const SEPARATOR = /\s+[·|•]\s+/;

/**
 * "E-mail: x@y.example · Telefoon: +31 30 496 68 21": pairs set apart by `·`, `|` or `•` on one line are read one by
 * one; a part without a label of its own stays with the value before it.
 */
function partsOfPairs(line: TextLine): TextLine[] {
  const parts = line.text.split(SEPARATOR);
  if (parts.length < 2 || !LABEL_VALUE.test(parts[0] as string) || !parts.slice(1).some((p) => LABEL_VALUE.test(p))) return [line];
  const joined: string[] = [];
  for (const part of parts) {
    if (joined.length > 0 && !LABEL_VALUE.test(part)) joined[joined.length - 1] += ` · ${part}`;
    else joined.push(part);
  }
  let from = 0;
  return joined.map((text) => {
    const at = line.text.indexOf(text, from);
    from = at + text.length;
    const p = line.provenance;
    const provenance = typeof p !== 'function' && p.start !== undefined ? { ...p, start: p.start + at, end: p.start + at + text.length } : p;
    return { ...line, text, provenance };
  });
}

/** `Lot 1: Roof replacement` → `lot` = "Roof replacement" and `lot_number` = 1. */
export function numberedFields(ctx: FieldContext, numbered: RegExpExecArray, value: string, confidence: number, provenance: Provenance): ExtractedField[] {
  const word = numbered[1] as string;
  const name = snakeCase(word);
  return [
    labelledField(ctx, `${word} ${numbered[2]}`, value, confidence, provenance, { name }),
    labelledField(ctx, word, numbered[2] as string, confidence, provenance, { name: `${name}_number` }),
  ];
}

export function numberedLabel(label: string): RegExpExecArray | null {
  return NUMBERED_LABEL.exec(label.trim());
}

function isLabel(label: string): boolean {
  const words = label.trim().split(/\s+/);
  return words.length <= 6 && !NOT_LABELS.test(label.trim()) && !/[.!?]\s/.test(label);
}

/** Offsets of the value inside the document text, when the line carries offsets. */
function valueProvenance(line: TextLine, text: string, value: string): Provenance {
  const p = provenanceOf(line);
  if (p.start === undefined) return p;
  const lead = line.text.indexOf(text);
  const at = text.lastIndexOf(value);
  if (at < 0) return p;
  const start = p.start + Math.max(0, lead) + at;
  return { ...p, start, end: start + value.length };
}

/** Dictionary labels of two or more words, folded, longest first: only those are safe to read without a colon. */
const MULTIWORD_LABELS: readonly string[] = [...new Set(Object.values(LABEL_DICTIONARY).flat().map(labelKey))]
  .filter((l) => l.includes(' '))
  .sort((a, b) => b.length - a.length);

function knownPrefix(text: string): { label: string; value: string } | null {
  const folded = labelKey(text);
  for (const label of MULTIWORD_LABELS) {
    if (!folded.startsWith(label + ' ') && !folded.startsWith(label + '#')) continue;
    const words = label.split(' ').length;
    const parts = text.trim().split(/\s+/);
    const value = parts.slice(words).join(' ').replace(/^[#:.\s]+/, '');
    if (value === '' || value.length > 200) return null;
    return { label: parts.slice(0, words).join(' '), value };
  }
  // "Localidades € 32 – 204", "Dauer 2 h 45 min": one known word, then a value of a type, without a colon.
  const [first, ...rest] = text.trim().split(/\s+/);
  const value = rest.join(' ');
  if (first && dictionaryName(first) && value !== '' && value.length <= 80 && TYPED_WITHOUT_COLON.has(inferValue(value).type)) return { label: first, value };
  return null;
}

const TYPED_WITHOUT_COLON = new Set(['money', 'date', 'datetime', 'date_range', 'duration']);

/** The parsed document's text as lines with character offsets. */
export function textLines(text: string, maxLines = 50_000): TextLine[] {
  const lines: TextLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (lines.length >= maxLines) break;
    lines.push({ text: line, provenance: { kind: 'text', start: offset, end: offset + line.length } });
    offset += line.length + 1;
  }
  return lines;
}
