import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../parsing/index.js';
import { walkFields, type ExtractedField, type ExtractedRecord, type JsonValue } from '../model.js';
import { extractOffline } from './index.js';

/**
 * The layout families real sites use for label → value facts, each in a few languages and class-naming schemes.
 * What must hold for every family: each pair a person sees becomes one field named after its label (or the
 * dictionary's stable name), holding the value and nothing of the next pair; lists of role → person rows become
 * records; navigation, headings over prose and card listings do not become pairs.
 */
const extract = (body: string, lang = 'en', url = 'https://site.example/item/1') =>
  extractOffline(parseHtml(`<!doctype html><html lang="${lang}"><head><title>Page | Site</title></head><body><header><nav><a href="/">Home</a><a href="/a">About</a></nav></header><main>${body}</main><footer>© Site</footer></body></html>`, url));
const fields = (records: readonly ExtractedRecord[]): ExtractedField[] => [...walkFields(records)];
const pageFields = (records: readonly ExtractedRecord[]): Record<string, JsonValue> =>
  Object.fromEntries((records[0]?.fields ?? []).filter((f) => !f.records).map((f) => [f.name, f.value]));
const recordsOf = (records: readonly ExtractedRecord[], name: string) =>
  records[0]?.fields.find((f) => f.name === name)?.records?.map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])));

describe('label/value pairs in span and div layouts', () => {
  const facts: Array<[string, string, (label: string, value: string) => string]> = [
    ['BEM spans', 'en', (l, v) => `<div class="fact"><span class="fact__label">${l}</span><span class="fact__value">${v}</span></div>`],
    ['utility classes', 'de', (l, v) => `<div class="flex gap-2"><span class="text-sm font-semibold text-gray-500">${l}</span><span class="text-base">${v}</span></div>`],
    ['hashed CSS modules', 'it', (l, v) => `<div class="_row_x8k2a"><div class="_k_3kx9a">${l}</div><div class="_v_9ds0b">${v}</div></div>`],
    ['no classes at all', 'fr', (l, v) => `<div><span>${l}</span> <span>${v}</span></div>`],
    ['Drupal fields', 'es', (l, v) => `<div class="field"><div class="field__label">${l}</div><div class="field__item">${v}</div></div>`],
    ['Bootstrap rows', 'nl', (l, v) => `<div class="row"><div class="col-sm-4"><span>${l}</span></div><div class="col-sm-8"><p>${v}</p></div></div>`],
  ];
  const rows: Array<[string, string]> = [
    ['Opening night', 'Saturday 6 March 2027, 7:30 pm'],
    ['Hall', 'The Lyric Hall'],
    ['Running time', '3 hours 10 minutes'],
    ['Tickets', '£18 – £95'],
  ];

  it.each(facts)('reads every pair of a facts box in %s (%s)', (_name, lang, row) => {
    const x = extract(`<h1>Rusalka</h1><div class="facts">${rows.map(([l, v]) => row(l, v)).join('\n')}</div><p>A fairy tale about a water nymph who longs for a human soul and gives up her voice.</p>`, lang);
    const got = pageFields(x.records);
    expect(got).toMatchObject({
      premiere: '2027-03-06T19:30',
      hall: 'The Lyric Hall',
      duration: 'PT3H10M',
      price: { min: 18, max: 95, currency: 'GBP' },
    });
    // Labels are field names, never values of an item_label_N column.
    expect(fields(x.records).some((f) => /label|^_k/.test(f.name) || f.value === 'Running time')).toBe(false);
  });

  it('reads facts written as alternating spans in one box and as <strong> runs in paragraphs', () => {
    const x = extract(
      `<h1>Tender 42</h1><div class="meta"><span class="k">Buyer</span><span class="v">City of Arden</span><span class="k">Reference</span><span class="v">ARD-2027-042</span><span class="k">Value</span><span class="v">$1,250,000</span></div>
       <p><strong>Due date</strong> 02/18/2027 2:00 PM</p><p><b>Category:</b> Road maintenance</p>`,
    );
    expect(pageFields(x.records)).toMatchObject({ contracting_authority: 'City of Arden', reference: 'ARD-2027-042', estimated_value: { amount: 1_250_000, currency: 'USD' }, due_date: '2027-02-18T14:00', category: 'Road maintenance' });
  });

  it('ends an inline "Label: value" at the separator, the line break or the element that closes it', () => {
    const x = extract(
      `<h1>Tosca</h1><p class="info">Venue: Sala Grande | Duration: 2 h 40 min · Language: Italian</p>
       <p>Conductor: Anna Berg<br>Director: Tim Alt</p>
       <p><span>Premiere: 14 March 2027</span> <span>Last show: 28 March 2027</span></p>`,
    );
    expect(pageFields(x.records)).toMatchObject({ venue: 'Sala Grande', duration: 'PT2H40M', language: 'Italian', conductor: 'Anna Berg', director: 'Tim Alt', premiere: '2027-03-14', last_show: '2027-03-28' });
  });

  it('reads key/value sections: a heading, then rows whose labels become the field names', () => {
    const x = extract(
      `<h1>Zuschlag Straßenbau</h1><section><h2>Eckdaten</h2>
        <div class="kv"><div class="kv-row"><span>Vergabestelle</span><span>Stadt Lindau</span></div><div class="kv-row"><span>Angebotsfrist</span><span>14.04.2027, 12:00 Uhr</span></div><div class="kv-row"><span>Verfahrensart</span><span>Offenes Verfahren</span></div></div></section>`,
      'de',
    );
    expect(pageFields(x.records)).toMatchObject({ contracting_authority: 'Stadt Lindau', deadline: '2027-04-14T12:00', procedure: 'Offenes Verfahren' });
    expect(x.multiplicity).toBe('single');
  });

  it('reads a heading-and-paragraph pair only when the heading is a label, not a section over prose', () => {
    const x = extract(
      `<h1>Le Barbier</h1><div class="infos"><h4>Lieu</h4><p>Grande salle</p><h4>Durée</h4><p>2 h 55</p></div>
       <h2>Histoire</h2><p>Figaro, barbier de Séville, aide le comte Almaviva à conquérir Rosine, gardée par son tuteur.</p>`,
      'fr',
    );
    const got = pageFields(x.records);
    expect(got).toMatchObject({ venue: 'Grande salle', duration: 'PT2H55M' });
    expect(got['histoire']).toBeUndefined();
  });

  it('reads a fact written as a phrase, with the label a word of the sentence', () => {
    expect(pageFields(extract(`<h1>Rusalka</h1><p class="sub">Lyric fairy tale in three acts. Music by Antonín Dvořák</p>`).records)).toMatchObject({ composer: 'Antonín Dvořák' });
    expect(pageFields(extract(`<h1>Hänsel und Gretel</h1><p>Märchenoper in drei Bildern, Musik von Engelbert Humperdinck</p>`, 'de').records)).toMatchObject({ composer: 'Engelbert Humperdinck' });
    expect(pageFields(extract(`<h1>Avviso</h1><p>Per ogni comunicazione indicare il bid number B-2027-14 in oggetto.</p>`, 'it').records)).toMatchObject({ reference: 'B-2027-14' });
    expect(pageFields(extract(`<h1>Notice</h1><p>Suppliers must quote the tender ID TX-88-2027 on every page of the offer.</p>`).records)).toMatchObject({ reference: 'TX-88-2027' });
    // A caption credit names nobody the page is about.
    expect(fields(extract(`<h1>Tosca</h1><p>Photo by Jan Novak</p>`).records).some((f) => f.value === 'Jan Novak')).toBe(false);
  });

  it('tells label from value by type in rows of bare inline parts: caption-sized or plain text before an emphasized value', () => {
    // Estonian labels the dictionary does not know: only the markup says which part is the label.
    const facts: Array<[string, string]> = [['Helilooja', 'Eduard Tubin'], ['Libretist', 'Jaan Kross'], ['Saal', 'Suur saal']];
    const tiles = (row: (l: string, v: string) => string) => pageFields(extract(`<h1>Barbara von Tisenhusen</h1><section>${facts.map(([l, v]) => row(l, v)).join('')}</section>`, 'et').records);
    const expected = { helilooja: 'Eduard Tubin', libretist: 'Jaan Kross', saal: 'Suur saal' };
    expect(tiles((l, v) => `<div class="tile"><small>${l}</small><br><strong>${v}</strong></div>`)).toMatchObject(expected);
    expect(tiles((l, v) => `<div><small>${l}</small><strong>${v}</strong></div>`)).toMatchObject(expected);
    expect(tiles((l, v) => `<div><span>${l}</span><br><b>${v}</b></div>`)).toMatchObject(expected);
    // Two bold parts say nothing about which is the label: no pair is made up.
    expect(Object.keys(tiles((l, v) => `<p><b>${l}</b><br><b>${v}</b></p>`))).not.toContain('helilooja');
  });

  it('reads a byline of marked facts that a bare label opens, in any language', () => {
    const byline = (label: string, lang: string) => pageFields(extract(`<h1>Nieuws</h1><p>${label} <span>Lotte van Leeuwen</span> · <span>8-1-2027</span> · 2 min</p>`, lang).records);
    expect(byline('Auteur', 'nl')).toMatchObject({ author: 'Lotte van Leeuwen' });
    expect(byline('Autor', 'pl')).toMatchObject({ author: 'Lotte van Leeuwen' });
    expect(byline('Author', 'en')).toMatchObject({ author: 'Lotte van Leeuwen' });
    // A word the dictionary does not know opens nothing.
    expect(Object.values(byline('Gisteren', 'nl'))).not.toContain('Lotte van Leeuwen');
  });
});

describe('two-column tables and lists by what they are', () => {
  it('reads a vertical table (labels in the first column, th or td) as fields', () => {
    const th = extract(`<h1>Drill</h1><table><tr><th>Brand</th><td>Makita</td></tr><tr><th>Weight</th><td>1.8 kg</td></tr><tr><th>EAN</th><td>0088381712345</td></tr></table>`);
    expect(pageFields(th.records)).toMatchObject({ brand: 'Makita', weight: '1.8 kg', gtin: '0088381712345' });
    const td = extract(`<h1>Taladro</h1><table class="specs"><tr><td>Marca</td><td>Makita</td></tr><tr><td>Peso</td><td>1,8 kg</td></tr></table>`, 'es');
    expect(pageFields(td.records)).toMatchObject({ brand: 'Makita', peso: '1,8 kg' });
  });

  it('reads a role | person table under a cast heading as records, whatever the language calls the cast', () => {
    for (const [lang, heading] of [['en', 'Cast'], ['pl', 'Obsada'], ['nl', 'Bezetting'], ['pt', 'Elenco']] as const) {
      const x = extract(`<h1>Tosca</h1><p>Conductor: Anna Berg</p><h2>${heading}</h2><table><tr><td>Floria Tosca</td><td>Maria Lenz</td></tr><tr><td>Scarpia</td><td>Jon Holm</td></tr></table>`, lang);
      expect(recordsOf(x.records, 'cast'), lang).toEqual([
        { role: 'Floria Tosca', performer: 'Maria Lenz' },
        { role: 'Scarpia', performer: 'Jon Holm' },
      ]);
      expect(fields(x.records).some((f) => f.name === 'floria_tosca')).toBe(false);
    }
  });

  it('reads role | person rows without a heading as a cast when every value is a person and no label is a known field', () => {
    const x = extract(`<h1>Rusalka</h1><div class="roles"><div><span>Rusalka</span><span>Elena Marsh</span></div><div><span>The Prince</span><span>David Okafor</span></div><div><span>Vodník</span><span>Piotr Lanski</span></div></div>`);
    expect(recordsOf(x.records, 'cast')).toHaveLength(3);
    // The creative team is fields: its labels are concepts the dictionary knows.
    const team = extract(`<h1>Rusalka</h1><div class="team"><div><span>Conductor</span><span>Elena Marsh</span></div><div><span>Director</span><span>David Okafor</span></div><div><span>Lighting</span><span>Piotr Lanski</span></div></div>`);
    expect(pageFields(team.records)).toMatchObject({ conductor: 'Elena Marsh', director: 'David Okafor', lighting: 'Piotr Lanski' });
  });

  it('does not take a first row of data for a header', () => {
    const x = extract(`<h1>Dates</h1><table><tr><td>Sat 6 March 2027</td><td>19:30</td><td>Main stage</td></tr><tr><td>Sun 7 March 2027</td><td>15:00</td><td>Main stage</td></tr></table>`);
    const dates = x.records.flatMap((r) => r.fields).find((f) => f.type === 'list');
    expect(dates?.records).toHaveLength(2);
    expect(dates?.records?.[0]?.fields[0]).toMatchObject({ name: 'date', value: '2027-03-06' });
  });

  it('reads a header table as one record per row, named by the header', () => {
    const x = extract(`<h1>Line items</h1><p>Invoice: INV-1</p><p>Customer: Ana Ruiz</p><p>Date: 3 May 2027</p><table><thead><tr><th>Description</th><th>Qty</th><th>Amount</th></tr></thead><tbody><tr><td>Widget</td><td>2</td><td>$10.00</td></tr><tr><td>Gadget</td><td>1</td><td>$4.50</td></tr></tbody></table>`);
    const items = x.records[0]?.fields.find((f) => f.type === 'list');
    expect(items?.records?.map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])))).toEqual([
      { description: 'Widget', quantity: 2, amount: { amount: 10, currency: 'USD' } },
      { description: 'Gadget', quantity: 1, amount: { amount: 4.5, currency: 'USD' } },
    ]);
  });
});

describe('cast lists written as lines of text', () => {
  const roles: Array<[string, string]> = [
    ['Tamino', 'Erik Lind'],
    ['Pamina', 'Sara Holm'],
    ['Nattens drottning', 'Maja Ek'],
  ];
  const expected = roles.map(([role, performer]) => ({ role, performer }));
  const writings: Array<[string, (role: string, person: string) => string]> = [
    ['an en dash', (r, p) => `${r} – ${p}`],
    ['an em dash', (r, p) => `${r} — ${p}`],
    ['a hyphen between spaces', (r, p) => `${r} - ${p}`],
    ['a colon', (r, p) => `${r}: ${p}`],
    ['the role in parentheses after the person', (r, p) => `${p} (${r})`],
  ];
  const layouts: Array<[string, (lines: string[]) => string]> = [
    ['lines of one paragraph', (lines) => `<p>${lines.join('<br>')}</p>`],
    ['list items', (lines) => `<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`],
    ['paragraphs', (lines) => lines.map((l) => `<p>${l}</p>`).join('')],
  ];
  const cases = writings.flatMap(([writing, line]) => layouts.map(([layout, block]) => [writing, layout, line, block] as const));

  it.each(cases)('reads role and person written with %s in %s as cast records', (_writing, _layout, line, block) => {
    for (const [lang, heading] of [['sv', 'Medverkande'], ['nb', 'Medvirkende'], ['da', 'Rollebesætning'], ['en', 'Cast']] as const) {
      const x = extract(`<h1>Trollflöjten</h1><p>Regi: Anna Svensson</p><h2>${heading}</h2>${block(roles.map(([r, p]) => line(r, p)))}<p>Mozarts sagoopera i en ny uppsättning för hela familjen, sjungen på svenska.</p>`, lang);
      expect(recordsOf(x.records, 'cast'), `${lang} ${heading}`).toEqual(expected);
      expect(pageFields(x.records)['director']).toBe('Anna Svensson');
      expect(fields(x.records).some((f) => /tamino|erik_lind/.test(f.name))).toBe(false);
    }
  });

  it('reads "Role – Person" lines without a heading as a cast when every value is a person', () => {
    const x = extract(`<h1>Tosca</h1><p>Floria Tosca – Maria Lenz<br>Mario Cavaradossi – Jon Holm<br>Scarpia – Piotr Lanski</p>`);
    expect(recordsOf(x.records, 'cast')).toHaveLength(3);
  });

  it('keeps a creative team written with dashes as fields, and hyphenated names whole', () => {
    const x = extract(`<h1>Carmen</h1><p>Regi – Anna Svensson<br>Dirigent – Jean-Luc Berg<br>Scenografi – Kim Olsson</p>`, 'sv');
    expect(pageFields(x.records)).toMatchObject({ director: 'Anna Svensson', conductor: 'Jean-Luc Berg', set_design: 'Kim Olsson' });
    expect(recordsOf(x.records, 'cast')).toBeUndefined();
  });

  it('reads a line of facts under a heading that names a list as the page\'s fields, not as records of that list', () => {
    const x = extract(`<h1>La traviata</h1><h3>Föreställningar</h3><p>Plats: <span>Lilla scenen</span> | Premiär: <span>2026-09-16 20.00</span> | Priser: <span>220 – 1 408 kr</span></p>`, 'sv');
    expect(pageFields(x.records)).toMatchObject({ venue: 'Lilla scenen', premiere: '2026-09-16T20:00', price: { min: 220, max: 1408, currency: 'SEK' } });
    expect(recordsOf(x.records, 'dates')).toBeUndefined();
  });

  it('does not take the heading after a lone label for its value', () => {
    const x = extract(`<h1>Carmen</h1><p><a href="#tickets">Biljetter</a></p><section><h3>Nyhetsbrev</h3><p>Alla nyheter direkt i din inkorg, en gång i månaden.</p></section>`, 'sv');
    expect(pageFields(x.records)['price']).toBeUndefined();
  });

  it('does not read two places with a city in parentheses as a cast', () => {
    const x = extract(`<h1>Turné</h1><ul><li>Kungliga Operan (Stockholm)</li><li>Malmö Opera (Malmö)</li></ul><p>Föreställningen turnerar under våren till två av landets största operahus.</p>`, 'sv');
    expect(recordsOf(x.records, 'cast')).toBeUndefined();
  });
});

describe('what is not a pair', () => {
  it('leaves navigation lists, link lists and card listings alone', () => {
    const x = extract(
      `<h1>Season</h1><div class="quicklinks"><a href="/a">Tickets</a> <a href="/b">Plan your visit</a></div>
       ${['Tosca|12 April 2027|tosca', 'Carmen|3 May 2027|carmen', 'Aida|9 June 2027|aida'].map((l) => l.split('|')).map(([t, d, s]) => `<article class="card"><h3><a href="/p/${s}">${t}</a></h3><p class="when">${d}</p><p>Main stage</p></article>`).join('')}`,
    );
    expect(x.multiplicity).toBe('many');
    expect(fields(x.records).some((f) => f.name === 'tickets' || f.name === 'tosca')).toBe(false);
    expect(x.records.filter((r) => r.origin === 'repeated').map((r) => Object.fromEntries(r.fields.map((f) => [f.name, f.value])))[0]).toMatchObject({ title: 'Tosca', date: '2027-04-12' });
  });

  it('does not pair sentences, or a label with a link', () => {
    const x = extract(`<h1>About</h1><div><p>We are a small company in the north.</p><p>Our team has grown a lot since the year it was founded.</p></div><div><span>Follow us</span><a href="https://social.example/x">@site</a></div>`);
    expect(fields(x.records).filter((f) => f.name === 'we_are_a_small_company_in_the_north' || f.name === 'follow_us')).toEqual([]);
  });
});

describe('pages built to be expensive', () => {
  it('reads 20,000 alternating label and value spans, 20,000 <b> lines of one paragraph and 10,000 rows without slowing to a crawl', () => {
    const spans = extract(`<h1>Specs</h1><div class="facts">${Array.from({ length: 20_000 }, (_, i) => `<span class="k">Label ${i}</span><span class="v">value ${i}</span>`).join('')}</div>`);
    expect(fields(spans.records).filter((f) => /^label_\d+$/.test(f.name)).length).toBeGreaterThan(5_000);
    const lines = extract(`<h1>Specs</h1><p>${Array.from({ length: 20_000 }, (_, i) => `<b>Label ${i}</b> value ${i}<br>`).join('')}</p>`);
    expect(fields(lines.records).length).toBeGreaterThan(1);
    const rows = extract(`<h1>Specs</h1>${Array.from({ length: 10_000 }, (_, i) => `<div class="r"><span>Label ${i}</span><span>Value ${i}</span></div>`).join('')}`);
    expect(fields(rows.records).filter((f) => /^label_\d+$/.test(f.name)).length).toBeGreaterThan(5_000);
  });
});

describe('facts marked inside sentences', () => {
  it.each([
    ['fr', '<p>Merci de rappeler la référence <span>MAPA 27-691</span> dans toute correspondance. Le pouvoir adjudicateur est <span>Ville de Beaufort</span>. Cet avis a été publié le <span>05/01/2027</span>.</p>'],
    ['en', '<p>Please quote the reference <strong>RFQ 2027-545</strong> in all correspondence. The contracting authority is <strong>Ville de Beaufort</strong>. This notice was published on <time>05/01/2027</time>.</p>'],
    ['de', '<p>Bitte geben Sie das Aktenzeichen <b>MAPA 27-691</b> an. Auftraggeber ist die <b>Ville de Beaufort</b>. Veröffentlicht am <span>05.01.2027</span>.</p>'],
  ])('reads the marked values whose sentence names them (%s)', (lang, html) => {
    const found = pageFields(extract(`<h1>Entretien des routes</h1>${html}`, lang).records);
    expect(found).toMatchObject({ reference: expect.stringMatching(/^(MAPA 27-691|RFQ 2027-545)$/), contracting_authority: 'Ville de Beaufort' });
    expect(String(found.published).slice(0, 7)).toMatch(/^2027-0[15]/);
  });

  it('leaves a marked word alone when its sentence names nothing the dictionary knows', () => {
    const found = pageFields(extract('<h1>Sommerfest</h1><p>Wir freuen uns auf <strong>viele Gäste</strong> und <em>gutes Wetter</em> in diesem Jahr.</p>', 'de').records);
    expect(Object.values(found)).not.toContain('viele Gäste');
    expect(Object.values(found)).not.toContain('gutes Wetter');
  });
});

describe('tiles of a heading over a value, in Czech', () => {
  it('reads every tile as its concept, the dates, the koruna range and the cast under "Obsazení"', () => {
    const tiles = [['Hudba', 'Antonín Dvořák'], ['Dirigent', 'Jana Nováková'], ['Režie', 'Petr Svoboda'], ['Místo konání', 'Velký sál'], ['Premiéra', '14. 3. 2027 v 19:00'], ['Vstupné', '250–1 200 Kč'], ['Délka představení', '3 h 10 min']];
    const html = `<h1>Rusalka</h1><div class="tiles">${tiles.map(([l, v]) => `<div class="tile"><h4>${l}</h4><p>${v}</p></div>`).join('')}</div>
<h2>Obsazení</h2><ul><li>Rusalka: <b>Eva Dvořáková</b></li><li>Princ: <b>Tomáš Král</b></li><li>Ježibaba: <b>Hana Benešová</b></li></ul>`;
    const { records } = extract(html, 'cs');
    expect(pageFields(records)).toMatchObject({
      composer: 'Antonín Dvořák',
      conductor: 'Jana Nováková',
      director: 'Petr Svoboda',
      venue: 'Velký sál',
      premiere: '2027-03-14T19:00',
      price: { min: 250, max: 1200, currency: 'CZK' },
      duration: 'PT3H10M',
    });
    expect(recordsOf(records, 'cast')).toEqual([
      { role: 'Rusalka', performer: 'Eva Dvořáková' },
      { role: 'Princ', performer: 'Tomáš Král' },
      { role: 'Ježibaba', performer: 'Hana Benešová' },
    ]);
  });
});

describe('caption tiles, in Finnish', () => {
  it('reads every <small> caption over its <strong> value as its concept, and a two-role cast under "Roolit"', () => {
    const tiles = [['Säveltäjä', 'Antonín Dvořák'], ['Kapellimestari', 'Dalia Stasevska'], ['Ohjaus', 'Anna Kelo'], ['Näyttämö', 'Pieni sali'], ['Ensi-ilta', '2.4.2027 klo 18.30'], ['Liput', '40–110 €'], ['Kesto', '3 t 10 min']];
    const html = `<h1>Rusalka</h1><section class="tiedot">${tiles.map(([l, v]) => `<div class="tile"><small>${l}</small><br><strong>${v}</strong></div>`).join('')}</section>
<h2>Roolit</h2><ul class="roolit"><li><b>Rusalka</b> Johanna Rusanen</li><li><b>Prinssi</b> Tuomas Katajala</li></ul>`;
    const { records } = extract(html, 'fi');
    expect(pageFields(records)).toMatchObject({
      composer: 'Antonín Dvořák',
      conductor: 'Dalia Stasevska',
      director: 'Anna Kelo',
      venue: 'Pieni sali',
      premiere: '2027-04-02T18:30',
      price: { min: 40, max: 110, currency: 'EUR' },
      duration: 'PT3H10M',
    });
    expect(recordsOf(records, 'cast')).toEqual([
      { role: 'Rusalka', performer: 'Johanna Rusanen' },
      { role: 'Prinssi', performer: 'Tuomas Katajala' },
    ]);
  });
});
