import { describe, expect, it } from 'vitest';
import { dot } from './algorithm.js';
import { hashEmbed } from './embedder.js';
import { DEFAULT_FEATURE_WEIGHTS, signatureFeatures } from './features.js';
import { extraction, parsedHtml, record, type FieldSpec } from './fixtures.js';
import { createCorpusStats } from './corpus-stats.js';
import { SIGNATURE_LIMITS, buildSignature, normalizeFieldName, siteOf, templateShingles, valueShape } from './signature.js';

const operaTemplate = (site: string, page: string): string[] => [
  `body>header.${site}-top>nav>a`,
  `body>main.${page}>h1`,
  `body>main.${page}>section.details>dl>dt`,
  `body>main.${page}>section.details>dl>dd`,
  `body>main.${page}>section.cast>ul>li`,
  `body>footer>p`,
];

const productionDe = () =>
  buildSignature(
    extraction('https://www.staatsoper.example.de/spielplan/tosca', [
      record([
        ['titel', 'string', 'Tosca', 'Titel'],
        ['premiere', 'date', '2025-03-14', 'Premiere'],
        ['preis', 'money', { amount: 89, currency: 'EUR' }, 'Preis'],
        ['dirigent', 'string', 'Anna Berger', 'Dirigent'],
        ['dauer', 'duration', 'PT3H', 'Dauer'],
      ]),
    ]),
    parsedHtml('https://www.staatsoper.example.de/spielplan/tosca', operaTemplate('de', 'produktion'), 'Tosca – Staatsoper'),
  );

const productionIt = () =>
  buildSignature(
    extraction('https://teatro.example.it/stagione/aida', [
      record([
        ['titolo', 'string', 'Aida', 'Titolo'],
        ['prima', 'date', '2025-04-02', 'Prima'],
        ['prezzo', 'money', { amount: 120, currency: 'EUR' }, 'Prezzo'],
        ['direttore', 'string', 'Marco Rossi', 'Direttore'],
        ['durata', 'duration', 'PT2H45M', 'Durata'],
      ]),
    ]),
    parsedHtml('https://teatro.example.it/stagione/aida', operaTemplate('it', 'spettacolo'), 'Aida – Teatro'),
  );

const noticeDe = () =>
  buildSignature(
    extraction('https://www.staatsoper.example.de/ausschreibungen/42', [
      record([
        ['aktenzeichen', 'string', 'VG-2025-042', 'Aktenzeichen'],
        ['frist', 'date', '2025-05-30', 'Frist'],
        ['kontakt', 'email', 'vergabe@staatsoper.example.de', 'Kontakt'],
        ['unterlagen', 'url', 'https://www.staatsoper.example.de/docs/42.pdf', 'Unterlagen'],
      ]),
    ]),
    parsedHtml('https://www.staatsoper.example.de/ausschreibungen/42', [
      'body>header.de-top>nav>a',
      'body>main.notice>article>h1',
      'body>main.notice>article>table>tr>td',
      'body>footer>p',
    ]),
  );

type Sig = ReturnType<typeof productionDe>;
/** Similarity as the clustering sees it: corpus-weighted features, template charged back within a site. */
const similarity = (a: Sig, b: Sig, corpus: Sig[] = [a, b]) => {
  const stats = createCorpusStats();
  for (const sig of corpus) stats.add(sig);
  const embed = (s: Sig) => hashEmbed(signatureFeatures(s, DEFAULT_FEATURE_WEIGHTS, stats.context), 256);
  const lambda = DEFAULT_FEATURE_WEIGHTS.template;
  return (dot(embed(a), embed(b)) - (a.site === b.site ? lambda : 0)) / (1 - lambda);
};

describe('the structural signature', () => {
  it('records value shapes, multiplicity, site and template of a detail page', () => {
    const sig = productionDe();
    expect(sig.site).toBe('staatsoper.example.de');
    expect(sig.multiplicity).toBe('single');
    expect(sig.recordCount).toBe(1);
    expect(sig.shapes).toMatchObject({ 't:date': 1, 'f:date:iso': 1, 't:money': 1, 'f:money:EUR': 1, 't:duration': 1 });
    expect(Object.keys(sig.names)).toEqual(expect.arrayContaining(['titel', 'premiere', 'dirigent']));
    expect(sig.labelTokens).toContain('dirigent');
    expect(sig.template).toContain('body>main.produktion>section.details>dl>dd');
    expect(sig.fields.find((f) => f.name === 'preis')).toMatchObject({ label: 'Preis', type: 'money', shape: 'money:EUR' });
  });

  it('puts the same page type on two sites in two languages closer than two page types on one site', () => {
    const corpus = [productionDe(), productionDe(), productionIt(), noticeDe(), noticeDe()];
    const acrossSites = similarity(productionDe(), productionIt(), corpus);
    const withinSite = similarity(productionDe(), noticeDe(), corpus);
    expect(acrossSites).toBeGreaterThan(withinSite);
    expect(acrossSites).toBeGreaterThan(0.5);
  });

  it('averages listing records so a listing of 3 and one of 30 items look alike', () => {
    const listing = (n: number) =>
      buildSignature(
        extraction(
          'https://teatro.example.it/stagione',
          Array.from({ length: n }, (_, i) =>
            record([
              ['titolo', 'string', `Opera ${i}`],
              ['data', 'date', '2025-01-0' + ((i % 9) + 1)],
            ], { origin: 'repeated' }),
          ),
        ),
      );
    const small = listing(3);
    const large = listing(30);
    expect(small.multiplicity).toBe('many');
    expect(small.shapes).toEqual(large.shapes);
    expect(similarity(small, large)).toBeGreaterThan(0.9);
  });

  it('reads a page whose one record is a list of records as a listing, but not a production with a cast list', () => {
    const items = Array.from({ length: 4 }, (_, i) => record([['reference', 'string', `R-${i}`], ['deadline', 'date', '2027-01-01'], ['value', 'money', { amount: i, currency: 'GBP' }]]));
    const nestedListing = extraction('https://t.example/notices?page=2', [
      { ...record([['title', 'string', 'Notices']]), fields: [...record([['title', 'string', 'Notices']]).fields, { ...record([['open_notices', 'list', []]]).fields[0]!, records: items }] },
    ]);
    const flatListing = extraction('https://t.example/notices', items);
    const nested = buildSignature(nestedListing);
    expect(nested).toMatchObject({ multiplicity: 'many', recordCount: 4 });
    expect(nested.shapes).toEqual(buildSignature(flatListing).shapes);

    const cast = Array.from({ length: 3 }, (_, i) => record([['role', 'string', `Role ${i}`]]));
    const production = extraction('https://o.example/tosca', [
      { ...record([['title', 'string', 'Tosca'], ['conductor', 'string', 'A'], ['director', 'string', 'B'], ['premiere', 'date', '2027-01-01']]), fields: [...record([['title', 'string', 'Tosca'], ['conductor', 'string', 'A'], ['director', 'string', 'B'], ['premiere', 'date', '2027-01-01']]).fields, { ...record([['cast', 'list', []]]).fields[0]!, records: cast }] },
    ]);
    expect(buildSignature(production)).toMatchObject({ multiplicity: 'single', recordCount: 1 });
  });

  it('handles a document with no fields', () => {
    const sig = buildSignature(extraction('https://example.org/about', []), parsedHtml('https://example.org/about', ['body>main>p']));
    expect(sig).toMatchObject({ multiplicity: 'none', recordCount: 0, fieldCount: 0, shapes: {}, names: {}, fields: [] });
    const vector = hashEmbed(signatureFeatures(sig), 64);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });

  it('handles a document with one field and no parsed page', () => {
    const sig = buildSignature(extraction('https://example.org/x', [record([['email', 'email', 'a@example.org']])]));
    expect(sig).toMatchObject({ kind: 'unknown', template: [], fieldCount: 1, names: { email: 1 } });
  });

  it('stays bounded for a document with ten thousand fields', () => {
    const fields: FieldSpec[] = Array.from({ length: 10_000 }, (_, i) => [`field_name_${i % 2500}_x${i}`, 'string', `value ${i}`, `Label ${i}`]);
    const paths = Array.from({ length: 10_000 }, (_, i) => `body>div.row-${i}>span.cell${i % 7}`);
    const sig = buildSignature(extraction('https://example.org/huge', [record(fields)]), parsedHtml('https://example.org/huge', paths));
    expect(sig.fieldCount).toBe(10_000);
    expect(Object.keys(sig.names).length).toBeLessThanOrEqual(SIGNATURE_LIMITS.names);
    expect(sig.labelTokens.length).toBeLessThanOrEqual(SIGNATURE_LIMITS.labelTokens);
    expect(sig.template.length).toBeLessThanOrEqual(SIGNATURE_LIMITS.template);
    expect(sig.fields.length).toBeLessThanOrEqual(SIGNATURE_LIMITS.fields);
    expect(JSON.stringify(sig).length).toBeLessThan(100_000);
  });

  it('weighs template paths by how many pages of the site share them: not all, not just one', () => {
    const stats = createCorpusStats();
    const production = productionDe();
    for (const sig of [production, productionDe(), noticeDe(), noticeDe()]) stats.add(sig);
    const specificity = stats.context.templateSpecificity;
    expect(specificity(production.site, 'body>footer>p')).toBe(0);
    expect(specificity(production.site, 'body>main.produktion>h1')).toBeGreaterThan(0);
    stats.remove(production);
    expect(specificity(production.site, 'body>main.produktion>h1')).toBe(0);
    expect(specificity('unknown.example', 'body')).toBe(0);
  });

  it('lifts rarer names and shapes over ubiquitous ones and ignores those of a single document', () => {
    const stats = createCorpusStats();
    for (const sig of [productionDe(), productionIt(), noticeDe(), noticeDe()]) stats.add(sig);
    const { rarity } = stats.context;
    expect(rarity('s:t:date')).toBe(1);
    expect(rarity('s:t:email')).toBeGreaterThan(1);
    expect(rarity('n:dirigent')).toBe(0);
    const lone = createCorpusStats();
    lone.add(productionDe());
    expect(lone.context.rarity('n:dirigent')).toBe(1);
  });

  it('samples the template of a large page by hash, so extra content above does not push shared paths out', () => {
    const word = (i: number) => [i % 26, Math.floor(i / 26) % 26, Math.floor(i / 676)].map((d) => String.fromCharCode(103 + (d % 20))).join('');
    const shared = Array.from({ length: 1000 }, (_, i) => `body>main>section.s${word(i)}>p`);
    const extra = Array.from({ length: 300 }, (_, i) => `body>aside>div.note${word(i)}>span`);
    const a = new Set(templateShingles(shared));
    const b = templateShingles([...extra, ...shared]);
    expect(a.size).toBe(SIGNATURE_LIMITS.template);
    expect(b.filter((x) => a.has(x)).length / b.length).toBeGreaterThan(0.6);
  });

  it('removes control characters and lone surrogates the database would refuse, even where a cut splits a pair', () => {
    const emoji = '😀'.repeat(60);
    const sig = buildSignature(
      extraction('https://example.org/\u0000x', [record([['note', 'string', `a\u0000b${emoji}`, `La\u0000bel\ud800`]])]),
      parsedHtml('https://example.org/\u0000x', [], `T\u0001itle ${emoji}`),
    );
    const json = JSON.stringify(sig);
    expect(json).not.toMatch(/\\u00[01]|\\ud[89ab]|\\udc/);
    expect(sig.fields[0]?.label).toBe('Label');
    expect(sig.url).toBe('https://example.org/x');
  });

  it('generalizes numbered class names in template paths', () => {
    expect(templateShingles(['body>div.item-17>a', 'body>div.item-18>a'])).toEqual(['body>div.item-#>a']);
  });

  it('normalizes field names and sites', () => {
    expect(normalizeFieldName('Price_2')).toBe('price');
    expect(normalizeFieldName('___')).toBe('field');
    expect(siteOf('https://WWW.Example.ORG/a')).toBe('example.org');
    expect(siteOf('file:///tmp/x.html')).toBe('local');
    expect(siteOf('http://127.0.0.1:4001/a')).not.toBe(siteOf('http://127.0.0.1:4002/a'));
    expect(siteOf('https://example.org:443/a')).toBe('example.org');
    expect(siteOf('not a url')).toBe('local');
  });

  it('names value shapes by type and format', () => {
    const shape = (type: FieldSpec[1], value: FieldSpec[2], raw = String(value)) => valueShape({ type, value, raw });
    expect(shape('date', '2025-01-31')).toBe('date:iso');
    expect(shape('date', '31. Januar')).toBe('date:text');
    expect(shape('money', { amount: null, min: 10, max: 20, currency: 'usd' })).toBe('money_range:USD');
    expect(shape('money', 'garbage')).toBe('money:unknown');
    expect(shape('url', 'https://x.example/a.JPG?v=1')).toBe('url:image');
    expect(shape('string', 'x'.repeat(500))).toBe('string:text');
    expect(shape('string', '12.50')).toBe('string:numeric');
    expect(shape('number', 12, '12 %')).toBe('number:percent');
  });
});

describe('page-kind evidence', () => {
  it('says the same about a production page with JSON-LD types and one with plain labels, in any language', () => {
    const plain = buildSignature(
      extraction('https://fr.example/carmen', [
        record([
          ['headline', 'string', 'Carmen'],
          ['dates', 'date_range', { start: '2026-11-06', end: '2026-11-13' }],
          ['prix', 'money', { amount: null, min: 10, max: 95, currency: 'EUR' }],
          ['duree', 'duration', 'PT2H55M'],
        ]),
      ]),
    );
    const declared = buildSignature(
      extraction('https://de.example/salome', [
        record([
          ['name', 'string', 'Salome'],
          ['start_date', 'datetime', '2027-03-14T19:30'],
          ['end_date', 'datetime', '2027-03-28T19:30'],
          ['offers', 'money', { amount: 45, currency: 'EUR' }],
          ['spieldauer', 'duration', 'PT1H45M'],
        ]),
      ]),
    );
    expect(plain.evidence).toEqual(['dated', 'detail', 'priced', 'schedule', 'timed', 'typed:2-3']);
    expect(declared.evidence).toEqual(plain.evidence);
  });

  it('tells an article (dateline, running text) from a contact page and a listing from both', () => {
    const article = buildSignature(extraction('https://a.example/n', [record([['headline', 'string', 'News'], ['published', 'date', '2027-01-05'], ['body', 'string', 'x'.repeat(300)]])]));
    const contact = buildSignature(extraction('https://a.example/c', [record([['email', 'email', 'a@a.example'], ['telefon', 'phone', '+4940123']])]));
    const listing = buildSignature(extraction('https://a.example/l', [1, 2, 3].map((i) => record([['title', 'string', `T${i}`], ['date', 'date', `2027-01-0${i}`]])), { multiplicity: 'many' }));
    expect(article.evidence).toEqual(expect.arrayContaining(['dateline', 'text', 'dated']));
    expect(contact.evidence).toEqual(expect.arrayContaining(['contact']));
    expect(contact.evidence).not.toContain('dateline');
    expect(listing.evidence).toEqual(['items:dated', 'listing']);
  });
});
