import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../parsing/index.js';
import { walkFields, type ExtractedField, type ExtractedRecord } from '../model.js';
import { extractOffline } from './index.js';

const extract = (html: string, url = 'https://paper.example/page') => extractOffline(parseHtml(html, url));
const fields = (records: ExtractedRecord[]): ExtractedField[] => [...walkFields(records)];
const field = (records: ExtractedRecord[], name: string): ExtractedField | undefined => fields(records).find((f) => f.name === name);

const page = (main: string, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><title>Site</title></head><body><header><nav><a href="/">Home</a></nav></header><main>${main}</main><footer>Imprint</footer></body></html>`;

describe('the main content of an article page', () => {
  it('gives the headline, the date of a <time datetime> dateline, the byline author and the body', () => {
    const x = extract(
      page(`<article><h1>Harbour bridge reopens</h1><p class="meta"><time datetime="2027-04-02">2 April 2027</time> · Mara Lind</p>
        <p>After two years of works the harbour bridge carries traffic again from Monday morning on.</p>
        <p>Cyclists get a separate lane on the eastern side of the deck.</p></article>`),
    );
    expect(field(x.records, 'headline')).toMatchObject({ value: 'Harbour bridge reopens', type: 'string' });
    expect(field(x.records, 'published')).toMatchObject({ type: 'date', value: '2027-04-02' });
    expect(field(x.records, 'author')).toMatchObject({ value: 'Mara Lind' });
    const body = field(x.records, 'body');
    expect(body?.type).toBe('string');
    expect(body?.raw).toMatch(/^After two years.*eastern side of the deck\.$/s);
  });

  it('reads a dateline written in words in French and Italian, with the author after "par"', () => {
    const fr = extract(page(`<article><h1>Nouvelle saison</h1><p>Publié le 20 octobre 2026 par Service de presse</p><p>La saison s’ouvre avec un programme de huit titres et deux créations.</p></article>`, 'fr'));
    expect(field(fr.records, 'published')).toMatchObject({ type: 'date', value: '2026-10-20' });
    expect(field(fr.records, 'author')).toMatchObject({ value: 'Service de presse' });
    const it_ = extract(`<html lang="it"><body><div id="contenuto"><span class="data">5 settembre 2026</span><h1>Biglietti ridotti</h1><p>Per tutte le recite feriali sono disponibili biglietti ridotti.</p></div></body></html>`);
    expect(field(it_.records, 'published')).toMatchObject({ type: 'date', value: '2026-09-05' });
    expect(field(it_.records, 'headline')).toMatchObject({ value: 'Biglietti ridotti' });
  });

  it('does not take a date in the running text for the publication date', () => {
    const x = extract(page(`<h1>About us</h1><p>The house was founded in 1872 and rebuilt after the fire of 3 March 1921 by the city.</p>`));
    expect(field(x.records, 'published')).toBeUndefined();
    expect(field(x.records, 'body')).toBeDefined();
  });
});

describe('typed and class-named blocks of a detail page', () => {
  it('names a block whose whole text is a date range, a price or a duration after its class or its type', () => {
    const x = extract(
      page(`<article><header><p class="genre">Opéra</p><h1>Le Barbier</h1><p class="compositeur">Gioachino Rossini</p><p class="dates">Du 6 au 13 novembre 2026</p></header>
        <p class="tarif">de 10 € à 95 €</p><p class="x1">2 h 55 min</p></article>`, 'fr'),
    );
    expect(field(x.records, 'dates')).toMatchObject({ type: 'date_range', value: { start: '2026-11-06', end: '2026-11-13' } });
    expect(field(x.records, 'composer')).toMatchObject({ label: 'compositeur', value: 'Gioachino Rossini' });
    expect(field(x.records, 'category')).toMatchObject({ value: 'Opéra' });
    expect(field(x.records, 'price')).toMatchObject({ label: 'tarif',  type: 'money', value: { amount: null, min: 10, max: 95, currency: 'EUR' } });
    expect(field(x.records, 'duration')).toMatchObject({ type: 'duration', value: 'PT2H55M' });
  });

  it('leaves class-named prose and unknown classes alone', () => {
    const x = extract(page(`<h1>T</h1><p class="teaser">A long teaser sentence that says what the page is about, in many more words than a label would have.</p><p class="badge">New</p>`));
    expect(fields(x.records).map((f) => f.name).sort()).toEqual(['body', 'headline', 'title']);
  });

  it('reads a cast list under a cast heading as nested records of role and performer, not as fields named after roles', () => {
    const x = extract(
      page(`<h1>Tosca</h1><h2>Team</h2><dl><dt>Dirigent</dt><dd>Eva Ruh</dd><dt>Regie</dt><dd>Tim Alt</dd><dt>Bühnenbild</dt><dd>Ina Falk</dd><dt>Kostüme</dt><dd>Ole Berg</dd></dl><h2>Besetzung</h2><dl><dt>Floria Tosca</dt><dd>Anna Berg</dd><dt>Cavaradossi</dt><dd>Luca Neri</dd><dt>Scarpia</dt><dd>Jon Holm</dd></dl>`, 'de'),
    );
    const cast = x.records[0]?.fields.find((f) => f.name === 'cast');
    expect(cast).toMatchObject({ type: 'list' });
    expect(cast?.records?.map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])))).toEqual([
      { role: 'Floria Tosca', performer: 'Anna Berg' },
      { role: 'Cavaradossi', performer: 'Luca Neri' },
      { role: 'Scarpia', performer: 'Jon Holm' },
    ]);
    expect(field(x.records, 'floria_tosca')).toBeUndefined();
  });

  it('names a table without a caption after the heading before it, and reads its dates with times', () => {
    const x = extract(
      page(`<h1>Carmen</h1><h2>Représentations</h2><table><thead><tr><th>Date</th><th>Lieu</th></tr></thead><tbody>
        <tr><td>vendredi 6 novembre 2026 à 20 h</td><td>Grande salle</td></tr><tr><td>dimanche 8 novembre 2026 à 15 h</td><td>Grande salle</td></tr></tbody></table>`, 'fr'),
    );
    const dates = x.records[0]?.fields.find((f) => f.label === 'Représentations' && f.type === 'list');
    expect(dates?.name).toBe('dates');
    expect(dates?.records?.map((r) => r.fields[0]?.value)).toEqual(['2026-11-06T20:00', '2026-11-08T15:00']);
    // The heading is not the label of the table's header line.
    expect(fields(x.records).filter((f) => f.label === 'Représentations' && f.type !== 'list')).toEqual([]);
  });

  it('keeps a link to a file as a document, raw as written and resolved', () => {
    const x = extract(page(`<h1>Tender</h1><p><a href="/files/spec-12.pdf">Specification (PDF)</a></p><p><a href="/about">About</a></p>`), 'https://buyer.example/notices/12');
    expect(field(x.records, 'document')).toMatchObject({ type: 'url', raw: '/files/spec-12.pdf', value: 'https://buyer.example/files/spec-12.pdf', label: 'Specification (PDF)' });
    expect(fields(x.records).filter((f) => f.type === 'url')).toHaveLength(1);
  });
});

describe('numbered labels and coded values', () => {
  it('splits "Lot 2: title" into the title and the number, in lines and in repeated items', () => {
    const lines = extract(page(`<h1>Notice</h1><ul><li>Lot 1: 26-tonne vehicles (8 units)</li><li>Lot 2: Charging points</li></ul>`));
    expect(fields(lines.records).filter((f) => f.name === 'lot').map((f) => f.value)).toEqual(['26-tonne vehicles (8 units)', 'Charging points']);
    expect(fields(lines.records).filter((f) => f.name === 'lot_number').map((f) => f.value)).toEqual([1, 2]);
    const items = extract(
      page(`<h1>Notice</h1><p>Buyer: Eastmere Council</p><p>Deadline: 14 April 2027</p><ol>${[1, 2, 3].map((n) => `<li class="lot"><h3>Lot ${n}: Part ${n} of the works</h3><p>Estimated value: £${n}00,000</p></li>`).join('')}</ol>`),
    );
    const lots = items.records[0]?.fields.find((f) => f.type === 'list');
    expect(lots?.records?.map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])))).toEqual([
      { title: 'Part 1 of the works', lot_number: 1, estimated_value: { amount: 100000, currency: 'GBP' } },
      { title: 'Part 2 of the works', lot_number: 2, estimated_value: { amount: 200000, currency: 'GBP' } },
      { title: 'Part 3 of the works', lot_number: 3, estimated_value: { amount: 300000, currency: 'GBP' } },
    ]);
  });

  it('keeps a time after a numbered label as the value', () => {
    const x = extract(page(`<h1>Plan</h1><p>Act 1: 19:30 – 20:45 in the hall</p>`));
    expect(field(x.records, 'act_number')).toBeUndefined();
  });

  it('gives a value that is a code and its description its code as well', () => {
    const x = extract(page(`<h1>N</h1><dl><dt>CPV code</dt><dd>45214200-2 – Construction work for school buildings</dd></dl>`));
    expect(field(x.records, 'cpv_code')).toMatchObject({ value: '45214200-2 – Construction work for school buildings' });
    expect(field(x.records, 'cpv_code_id')).toMatchObject({ value: '45214200-2' });
  });
});

describe('the main content on empty and hostile pages', () => {
  it('finds nothing on a page without a body and without a heading', () => {
    expect(extract('<html></html>').records).toEqual([]);
    expect(extract('<p></p>').records).toEqual([]);
  });

  it('stays bounded on a page of 20,000 typed blocks', () => {
    const blocks = Array.from({ length: 20_000 }, (_, i) => `<div><p class="d">${(i % 28) + 1} March 2027</p></div>`).join('');
    const x = extractOffline(parseHtml(page(`<h1>Dates</h1>${blocks}`), 'https://x.example/'), { maxFields: 5_000 });
    expect(fields(x.records).length).toBeLessThanOrEqual(5_001);
  });
});
