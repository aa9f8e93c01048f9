import { describe, expect, it } from 'vitest';
import render from 'dom-serializer';
import { selectElement as selectOne, selectElements as selectAll } from './dom.js';
import { BOILERPLATE_ATTRIBUTE, cssPath, parseHtml } from './html.js';
import { ITALIAN_SEASON_PAGE, JS_SHELL_PAGE, OPERA_PRODUCTION_PAGE } from './fixtures.js';

const URL_ = 'https://oper.example.de/spielplan/rosenkavalier/';

describe('parseHtml on an opera production page', () => {
  const page = parseHtml(OPERA_PRODUCTION_PAGE, URL_);

  it('takes the title from <title> and the language from <html lang>', () => {
    expect(page.title).toBe('Der Rosenkavalier – Staatsoper Lindenau');
    expect(page.language).toBe('de');
  });

  it('keeps the production content in the text with blocks on their own lines', () => {
    const lines = page.text.split('\n');
    expect(lines).toContain('Der Rosenkavalier');
    expect(lines).toContain('Musikalische Leitung');
    expect(lines).toContain('Johanna Weißkirch');
    expect(lines).toContain('Einführung 45 Minuten vor Beginn im Foyer.');
    expect(page.text).toContain('Ort: Großes Haus');
  });

  it('leaves navigation, cookie banner, breadcrumb, sidebar and footer out of the text but marks them in the DOM', () => {
    for (const gone of ['Spielplan', 'Cookies', 'Alle akzeptieren', 'Impressum', 'Das könnte Sie auch interessieren', 'Start']) {
      expect(page.text).not.toContain(gone);
    }
    const marked = selectAll(`[${BOILERPLATE_ATTRIBUTE}]`, page.dom).map((el) => [el.name, el.attribs[BOILERPLATE_ATTRIBUTE]]);
    expect(marked).toEqual([
      ['header', 'header'],
      ['div', 'cookie'],
      ['ol', 'breadcrumb'],
      ['aside', 'aside'],
      ['footer', 'footer'],
    ]);
    expect(selectOne('nav.main-nav', page.dom)).not.toBeNull();
  });

  it('does not treat the article header or an aside inside the article as boilerplate', () => {
    expect(selectOne('header.production-header', page.dom)?.attribs[BOILERPLATE_ATTRIBUTE]).toBeUndefined();
    expect(selectOne('aside.note', page.dom)?.attribs[BOILERPLATE_ATTRIBUTE]).toBeUndefined();
  });

  it('removes scripts, styles and noscript but keeps the JSON-LD block, parsed', () => {
    const html = render(page.dom);
    expect(html).not.toContain('dataLayer');
    expect(html).not.toContain('.hero');
    expect(html).not.toContain('pixel.gif');
    expect(html).toContain('application/ld+json');
    expect(page.text).not.toContain('tracking');
    expect(page.text).not.toContain('MusicEvent');
    expect(page.jsonLd).toEqual([
      {
        '@context': 'https://schema.org',
        '@type': 'MusicEvent',
        name: 'Der Rosenkavalier',
        startDate: '2025-03-14T19:00',
        location: { '@type': 'Place', name: 'Großes Haus' },
      },
    ]);
  });

  it('resolves links, keeps only http(s), drops fragments, dedupes and flags links in boilerplate', () => {
    const byUrl = new Map(page.links.map((l) => [l.url, l]));
    expect(byUrl.get('https://tickets.example.org/rosenkavalier?ref=site')).toMatchObject({ text: 'Karten kaufen', boilerplate: false });
    expect(byUrl.get('https://oper.example.de/spielplan/')).toMatchObject({ text: 'Spielplan', boilerplate: true });
    expect(byUrl.get('https://oper.example.de/impressum/')?.boilerplate).toBe(true);
    expect(page.links.some((l) => l.url.startsWith('mailto:'))).toBe(false);
    expect(page.links.filter((l) => l.url === 'https://oper.example.de/spielplan/')).toHaveLength(1);
  });

  it('reads the table with caption, headers from thead, and spans repeated into every slot', () => {
    expect(page.tables).toHaveLength(1);
    const table = page.tables[0]!;
    expect(table.caption).toBe('Vorstellungen März 2025');
    expect(table.headers).toEqual(['Datum', 'Beginn', 'Preise', 'Preise']);
    expect(table.rows).toEqual([
      ['Fr 14.03.2025', '19:00', '24 €', '118 €'],
      ['So 16.03.2025', '15:00', '22 €', '98 €'],
      ['So 16.03.2025', '19:30', '24 €', '118 €'],
    ]);
    expect(selectOne(table.cssPath, page.dom)?.name).toBe('table');
  });

  it('pairs definition terms with values, including grouped terms and div-wrapped pairs', () => {
    const items = page.definitionLists[0]!.items.map(({ term, value }) => [term, value]);
    expect(items).toEqual([
      ['Musikalische Leitung', 'Johanna Weißkirch'],
      ['Inszenierung', 'Matteo Calderoni'],
      ['Bühne / Kostüme', 'Ines Fågelström'],
      ['Dauer', 'ca. 4 Stunden 10 Minuten, zwei Pausen'],
    ]);
    const dauer = page.definitionLists[0]!.items[3]!;
    const dd = selectOne(dauer.cssPath, page.dom)!;
    expect(render(dd.children)).toBe('ca. 4 Stunden 10 Minuten, zwei Pausen');
  });

  it('reads microdata with nested items and typed property values', () => {
    expect(page.microdata).toHaveLength(1);
    const event = page.microdata[0]!;
    expect(event.type).toEqual(['https://schema.org/MusicEvent']);
    expect(event.properties['name']).toEqual(['Der Rosenkavalier']);
    expect(event.properties['startDate']).toEqual(['2025-03-14T19:00']);
    expect(event.properties['performer']).toEqual([
      expect.objectContaining({ type: ['https://schema.org/Person'], properties: { name: ['Johanna Weißkirch'] } }),
    ]);
    expect(event.properties['location']).toEqual([expect.objectContaining({ properties: { name: ['Großes Haus'] } })]);
  });

  it('collects meta tags by name and property, lower-cased', () => {
    expect(page.meta).toContainEqual({ key: 'og:title', content: 'Der Rosenkavalier' });
    expect(page.meta).toContainEqual({ key: 'description', content: 'Komödie für Musik in drei Aufzügen von Richard Strauss' });
  });

  it('lists template paths with up to two classes per step', () => {
    expect(page.templatePaths).toContain('body>main>article.production>section.facts>dl.credits>dd');
    expect(page.templatePaths).toContain('body>header.site-header>nav.main-nav>ul>li>a');
    expect(page.templatePaths.some((p) => p.includes('script'))).toBe(false);
    expect(new Set(page.templatePaths).size).toBe(page.templatePaths.length);
  });

  it('does not look like a JavaScript shell', () => {
    expect(page.looksLikeShell).toBe(false);
    expect(page.warnings).toEqual([]);
  });
});

describe('cssPath', () => {
  it('selects exactly the element it was made from, for every element of the page', () => {
    const { dom } = parseHtml(OPERA_PRODUCTION_PAGE, URL_);
    const elements = selectAll('*', dom);
    expect(elements.length).toBeGreaterThan(80);
    for (const el of elements) expect(selectOne(cssPath(el), dom)).toBe(el);
  });

  it('starts at a unique id and numbers same-tag siblings', () => {
    const { dom } = parseHtml(OPERA_PRODUCTION_PAGE, URL_);
    const thirdDd = selectAll('dl.credits dd', dom)[2]!;
    expect(cssPath(thirdDd)).toBe('#content > article > section:nth-of-type(1) > dl > dd:nth-of-type(3)');
  });

  it('ignores duplicated and generated ids and still round-trips', () => {
    const { dom } = parseHtml('<div id="x"><p>a</p></div><div id="x"><p id="post-42">b</p><p>c</p></div>', 'https://example.org/');
    const last = selectAll('p', dom)[2]!;
    expect(cssPath(last)).toBe('div:nth-of-type(2):root > p:nth-of-type(2)');
    for (const el of selectAll('*', dom)) expect(selectOne(cssPath(el), dom)).toBe(el);
  });

  it('round-trips odd tag names that need escaping', () => {
    const { dom } = parseHtml('<html><body><o:p>x</o:p><my-widget>y</my-widget></body></html>', 'https://example.org/');
    for (const el of selectAll('*', dom)) expect(selectOne(cssPath(el), dom)).toBe(el);
  });
});

describe('parseHtml title and language fallbacks', () => {
  it('falls back to og:title, then to the first h1', () => {
    expect(parseHtml('<head><meta property="og:title" content="Aida"></head><h1>Other</h1>', 'https://e.org/').title).toBe('Aida');
    expect(parseHtml('<nav><h1>Menu</h1></nav><main><h1> La  Bohème </h1></main>', 'https://e.org/').title).toBe('La Bohème');
    expect(parseHtml('<p>no heading</p>', 'https://e.org/').title).toBeNull();
  });

  it('reads the language from content-language and otherwise detects it from the text', () => {
    expect(parseHtml('<meta http-equiv="x" name="content-language" content="fr-CH"><p>x</p>', 'https://e.org/').language).toBe('fr');
    expect(parseHtml(ITALIAN_SEASON_PAGE, 'https://e.org/').language).toBe('it');
    expect(parseHtml('<p>Tosca</p>', 'https://e.org/').language).toBeNull();
  });

  it('resolves links against <base href>', () => {
    const page = parseHtml('<base href="https://cdn.example.org/de/"><a href="tosca.html">Tosca</a><a href="javascript:alert(1)">x</a>', 'https://e.org/a/b');
    expect(page.links).toEqual([{ url: 'https://cdn.example.org/de/tosca.html', text: 'Tosca', rel: null, boilerplate: false }]);
  });
});

describe('parseHtml on shells, broken and hostile markup', () => {
  it('recognizes a JavaScript shell', () => {
    expect(parseHtml(JS_SHELL_PAGE, 'https://e.org/').looksLikeShell).toBe(true);
  });

  it('returns an empty document for empty input', () => {
    const page = parseHtml('', 'https://e.org/');
    expect(page).toMatchObject({ text: '', title: null, links: [], tables: [], jsonLd: [], warnings: [] });
  });

  it('recovers from unclosed tags like a browser', () => {
    const page = parseHtml('<html><body><div><p>Erster Absatz<p>Zweiter <b>fett<table><tr><td>A<td>B</table><ul><li>eins<li>zwei', 'https://e.org/');
    expect(page.text.split('\n')).toEqual(['Erster Absatz', 'Zweiter fett', 'A B', 'eins', 'zwei']);
    expect(page.tables[0]?.rows).toEqual([['A', 'B']]);
  });

  it('survives 100,000 levels of nesting, flattening below the depth limit', () => {
    const depth = 100_000;
    const html = `<body>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}<p>after</p></body>`;
    const page = parseHtml(html, 'https://e.org/');
    expect(page.text.split('\n')).toEqual(['deep text', 'after']);
    expect(page.warnings.some((w) => w.includes('nested deeper than 512'))).toBe(true);
    expect(() => render(page.dom)).not.toThrow();
    const atLimit = selectAll('div', page.dom).find((div) => div.children.length > 1)!;
    expect(selectOne(cssPath(atLimit), page.dom)).toBe(atLimit);
  });

  it('keeps a 10 MB text node', () => {
    const big = 'Wort '.repeat(1_900_000);
    const page = parseHtml(`<p>${big}</p>`, 'https://e.org/');
    expect(page.text.length).toBe(big.length - 1);
  });

  it('cuts a huge document at the character limit with a warning', () => {
    const row = '<div class="row"><span>x</span></div>';
    const html = `<body>${row.repeat(Math.ceil(50_000_000 / row.length))}</body>`;
    const page = parseHtml(html, 'https://e.org/');
    expect(page.warnings.some((w) => w.startsWith('document truncated'))).toBe(true);
    expect(page.text.length).toBeGreaterThan(0);
  });

  it('does not leak script contents that play tricks with </script>', () => {
    const html = `<p>before</p><script>var a = "<\\/script><p>fake</p>"; var b = '</scr' + 'ipt>';</script>
      <script>if (x) { document.write('<div>injected</div>') }</script><p>after</p>`;
    const page = parseHtml(html, 'https://e.org/');
    expect(page.text.split('\n')).toEqual(['before', 'after']);
  });

  it('ends a script at the first </script> like a browser, so later text is page text', () => {
    const page = parseHtml('<script>var s = "</script><p>visible</p>";</script><p>end</p>', 'https://e.org/');
    expect(page.text.split('\n')).toEqual(['visible', '";', 'end']);
  });

  it('warns about invalid, empty and over-deep JSON-LD blocks and keeps the valid ones', () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    const html = `<script type="application/ld+json">{"@type": "Event",}</script>
      <script type="application/ld+json"></script>
      <script type="application/ld+json">${deep}</script>
      <script type="application/ld+json"><!-- {"@type":"Place"} --></script>`;
    const page = parseHtml(html, 'https://e.org/');
    expect(page.jsonLd).toEqual([{ '@type': 'Place' }]);
    expect(page.warnings).toHaveLength(3);
    expect(page.warnings[0]).toMatch(/^JSON-LD block 1 is not valid JSON/);
    expect(page.warnings[1]).toBe('JSON-LD block 2 is empty');
    expect(page.warnings[2]).toMatch(/^JSON-LD block 3 skipped: nested deeper than 64 levels/);
  });

  it('bounds microdata nesting', () => {
    const html = `${'<div itemscope itemprop="part">'.repeat(100)}leaf${'</div>'.repeat(100)}`;
    const page = parseHtml(html, 'https://e.org/');
    let depth = 0;
    for (let item = page.microdata[0]; item; item = item.properties['part']?.[0] as typeof item | undefined) {
      if (typeof item !== 'object') break;
      depth++;
    }
    expect(depth).toBeLessThanOrEqual(32);
    expect(() => JSON.stringify(page.microdata)).not.toThrow();
  });

  it('handles huge colspan and rowspan values sanely', () => {
    const page = parseHtml('<table><tr><td colspan="100000">a</td></tr><tr><td rowspan="999999">b</td><td>c</td></tr><tr><td>d</td></tr></table>', 'https://e.org/');
    expect(page.tables[0]!.rows[0]).toHaveLength(50);
    expect(page.tables[0]!.rows.slice(1)).toEqual([
      ['b', 'c'],
      ['b', 'd'],
    ]);
  });
});
