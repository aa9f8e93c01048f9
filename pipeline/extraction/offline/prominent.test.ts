import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../parsing/index.js';
import { walkFields, type ExtractedField, type ExtractedRecord } from '../model.js';
import { extractOffline } from './index.js';

/**
 * Values a person reads without a label: the main price of a product page among all the other amounts on it, the
 * title without the site's name, the identifier the URL and the page share, a stock statement; and what JSON-LD
 * says about a brand or an offer, read as a person would (the brand's name, the amount in the offer's currency).
 */
const extract = (html: string, url = 'https://shop.example/p/1') => extractOffline(parseHtml(html, url));
const fields = (records: readonly ExtractedRecord[]): ExtractedField[] => [...walkFields(records)];
/** The answer a consumer takes: the surest field of that name. */
const answer = (records: readonly ExtractedRecord[], name: string): ExtractedField | undefined =>
  fields(records)
    .filter((f) => f.name === name)
    .sort((a, b) => b.confidence - a.confidence)[0];

const shop = (lang: string, buyBox: string, extras = '') =>
  `<!doctype html><html lang="${lang}"><head><title>Wanderschuh Alpin GTX | Nordlicht Shop</title><meta property="og:site_name" content="Nordlicht Shop"></head><body>
   <header><nav><a href="/">Home</a></nav><div class="minicart">Cart: 0,00 €</div></header>
   <div class="container"><div class="gallery"><img src="/a.jpg" alt=""></div>
   <div class="buybox"><h1 class="product-name">Wanderschuh Alpin GTX</h1>${buyBox}</div></div>
   ${extras}
   <section class="related"><h2>Related</h2>${[19.99, 24.5, 9.95].map((p, i) => `<div class="tile"><a href="/p/${i + 2}"><h3>Socken ${i}</h3></a><span class="price">${String(p).replace('.', ',')} €</span></div>`).join('')}</section>
   <footer>Versandkostenfrei ab 50 €</footer></body></html>`;

describe('the main price of a product page', () => {
  it('is the amount beside the heading, not a related product, the shipping fee or the cart', () => {
    const x = extract(shop('de', `<div class="price-box"><span class="price-current">149,95 €</span><span class="shipping">zzgl. Versand 4,95 €</span></div>`));
    expect(answer(x.records, 'price')).toMatchObject({ type: 'money', value: { amount: 149.95, currency: 'EUR' } });
  });

  it('keeps the struck-through price as the old price, whichever comes first', () => {
    const x = extract(shop('de', `<p><del>179,90 €</del> <strong class="sale">149,95 €</strong></p>`));
    expect(answer(x.records, 'price')?.value).toEqual({ amount: 149.95, currency: 'EUR' });
    expect(answer(x.records, 'old_price')?.value).toEqual({ amount: 179.9, currency: 'EUR' });
    const was = extract(shop('en', `<div><span class="was-price">Was £89.00</span><span class="now">£59.00</span></div>`).replace('lang="en"', 'lang="en-GB"'));
    expect(answer(was.records, 'price')?.value).toEqual({ amount: 59, currency: 'GBP' });
  });

  it('reads a price split over elements as one amount', () => {
    const x = extract(shop('de', `<div class="product-price"><span class="int">71</span><sup class="dec">,91</sup> <span class="cur">€</span></div>`));
    expect(answer(x.records, 'price')?.value).toEqual({ amount: 71.91, currency: 'EUR' });
  });

  it('reads no main price on a page without one', () => {
    const x = extract(`<html><body><main><h1>About us</h1><p>We sell shoes since 1990 in the old town and online.</p></main></body></html>`);
    expect(fields(x.records).filter((f) => f.type === 'money')).toEqual([]);
  });
});

describe('the title, the identifier in the URL and a stock statement', () => {
  it('takes the site name off the title, before or after the page name', () => {
    expect(answer(extract(shop('de', '<span>9 €</span>')).records, 'title')?.value).toBe('Wanderschuh Alpin GTX');
    const before = extract(`<html><head><title>Teatro Verdana – Tosca</title></head><body><main><h2>Tosca</h2><p>Melodramma in tre atti di Giacomo Puccini, nuova produzione.</p></main></body></html>`, 'https://teatro-verdana.example/tosca');
    expect(answer(before.records, 'title')?.value).toBe('Tosca');
    const plain = extract(`<html><head><title>Annual report 2026</title></head><body><h1>Annual report 2026</h1></body></html>`);
    expect(answer(plain.records, 'title')?.value).toBe('Annual report 2026');
  });

  it('keeps an identifier of the URL that the page repeats, and not a page number or a date', () => {
    const page = (body: string, url: string) => extract(`<html><body><main><h1>Notice</h1>${body}</main></body></html>`, url);
    expect(answer(page('<p>Notice 2027-ABC-0142 is open for bids from registered suppliers.</p>', 'https://buy.example/notice/2027-ABC-0142').records, 'identifier')?.value).toBe('2027-ABC-0142');
    expect(answer(page('<p>Item no. 848068924 ships in two days from our own warehouse.</p>', 'https://shop.example/p/wanderschuh-alpin-848068924').records, 'identifier')?.value).toBe('848068924');
    expect(answer(page('<p>Page 2 of the list, published 2027-03-14 for everyone.</p>', 'https://buy.example/notices/2').records, 'identifier')).toBeUndefined();
    expect(answer(page('<p>Nothing repeats the code here at all in the text.</p>', 'https://buy.example/notice/XK-9931').records, 'identifier')).toBeUndefined();
  });

  it('reads a stock statement as availability in any language, labelled or not', () => {
    for (const [text, value] of [['Auf Lager', 'InStock'], ['Nur noch 3 auf Lager', 'InStock'], ['Currently unavailable.', 'OutOfStock'], ['Épuisé', 'OutOfStock'], ['Disponibile', 'InStock'], ['Vorbestellen', 'PreOrder']] as const) {
      const x = extract(shop('de', `<span class="p">49 €</span><p class="stock-info">${text}</p>`));
      expect(answer(x.records, 'availability')?.value, text).toBe(value);
    }
    const labelled = extract(shop('it', `<p>Disponibilità: solo 2 rimasti, ordina subito</p>`));
    expect(answer(labelled.records, 'availability')?.value).toBe('InStock');
  });
});

describe('structured data read as a person reads it', () => {
  it('reads a brand, author or seller object that only names someone as that name', () => {
    const x = extract(`<html><head><script type="application/ld+json">{"@type":"Product","name":"Alpin GTX","brand":{"@type":"Brand","name":"Nordwand","logo":"https://x.example/l.png"},"manufacturer":{"@type":"Organization","name":"Nordwand GmbH","address":{"@type":"PostalAddress","addressLocality":"Graz"}}}</script></head><body><h1>Alpin GTX</h1></body></html>`);
    expect(answer(x.records, 'brand')).toMatchObject({ type: 'string', value: 'Nordwand' });
    // An organisation with an address is more than a name: it stays an object.
    expect(answer(x.records, 'manufacturer')?.type).toBe('object');
  });

  it('gives an offer amount the currency its offer states apart', () => {
    const x = extract(`<html><head><script type="application/ld+json">{"@type":"Product","name":"Alpin GTX","offers":{"@type":"Offer","price":"149.95","priceCurrency":"CHF","availability":"https://schema.org/InStock"}}</script></head><body><h1>Alpin GTX</h1></body></html>`);
    expect(answer(x.records, 'price')?.value).toEqual({ amount: 149.95, currency: 'CHF' });
    expect(answer(x.records, 'availability')?.value).toBe('InStock');
  });
});

describe('the headline, author and publication date of an article', () => {
  const article = (head: string, main: string) =>
    `<!doctype html><html lang="en"><head><title>Story | The Paper</title>${head}</head><body><nav><a href="/">Home</a></nav><main>${main}<p>The city council voted on Tuesday to close the old harbour bridge to cars from June, after engineers found cracks.</p></main></body></html>`;
  const values = (records: readonly ExtractedRecord[], name: string) => fields(records).filter((f) => f.name === name).map((f) => f.value);

  it('come from what the page states about itself when its text shows no dateline, byline or heading', () => {
    const x = extract(
      article(
        `<meta property="og:title" content="Harbour bridge to close to cars"><meta property="article:published_time" content="2027-04-02T08:30:00+02:00">
         <meta property="article:author" content="https://social.example/tomberg"><meta name="parsely-author" content="By Tom Berg"><meta name="parsely-author" content="Ana Ruiz">`,
        '',
      ),
      'https://paper.example/2027/04/bridge',
    );
    expect(values(x.records, 'published')).toEqual(['2027-04-02T08:30+02:00']);
    expect(values(x.records, 'author')).toEqual(['Tom Berg, Ana Ruiz']);
    expect(values(x.records, 'headline')).toEqual(['Harbour bridge to close to cars']);
  });

  it('leave what the page shows alone, and take no date from a tag that holds none', () => {
    const x = extract(
      article(`<meta name="parsely-author" content="Desk Editor"><meta property="og:title" content="Bridge story"><meta name="date" content="soon">`, `<h1>Harbour bridge to close</h1><p class="meta"><time datetime="2027-04-02">2 April 2027</time> · Mara Lind</p>`),
      'https://paper.example/2027/04/bridge',
    );
    expect(values(x.records, 'author')).toEqual(['Mara Lind']);
    expect(values(x.records, 'published')).toEqual(['2027-04-02']);
    expect(values(x.records, 'headline')).toEqual(['Harbour bridge to close']);
    const bare = extract(article(`<meta name="date" content="soon">`, ''), 'https://paper.example/x');
    expect(values(bare.records, 'published')).toEqual([]);
  });
});
