import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../parsing/index.js';
import { walkFields, type ExtractedField } from '../model.js';
import { extractOffline } from './index.js';

/**
 * A page's publication date is a claim about the page: it needs something that says so. A date above the text is as
 * often the date of what the page announces (a performance, a match, a course) as its own.
 */
const extract = (main: string, lang = 'sv') =>
  extractOffline(parseHtml(`<!doctype html><html lang="${lang}"><head><title>Sida</title></head><body><main>${main}</main><footer>Uppdaterad 2 januari 2027</footer></body></html>`, 'https://opera.example/p'));
const field = (main: string, name: string, lang?: string): ExtractedField | undefined => [...walkFields(extract(main, lang).records)].find((f) => f.name === name);
const TEXT = '<p>Mozarts sagoopera i en ny uppsättning för hela familjen, med sång på svenska och mycket humor.</p>';

describe('the publication date of a page', () => {
  it.each([
    ['a performance date above the text', '<p>lör 14 mars 2027 kl. 19.00</p>'],
    ['a performance date in a <time> of its own', '<p><time datetime="2027-03-14T19:00">lördag 14 mars 2027 kl 19</time></p>'],
    ['a Norwegian performance date before the heading', '<div><span>lørdag 14. mars 2027 kl. 19.00</span></div>'],
    ['an English event date', '<p>Saturday 14 March 2027, 7:30 pm</p>'],
    ['a performance date with a date class', '<p class="event-date">lör 14 mars 2027 kl. 19.00</p>'],
    ['a venue and a date in one line', '<p><span class="v1">Kungliga Operan</span> · <span class="d1">lör 14 mars 2027 kl. 19.00</span></p>'],
  ])('is not taken from %s', (_what, line) => {
    const main = line.includes('<div>') ? `${line}<h1>Trollflöjten</h1>${TEXT}` : `<h1>Trollflöjten</h1>${line}${TEXT}`;
    expect(field(main, 'published')).toBeUndefined();
    // The date is still data: the date of the page's event.
    expect(field(main, 'date')?.type).toMatch(/^date/);
    expect(field(main, 'author')).toBeUndefined();
  });

  it('takes no booking link after a performance date for its byline', () => {
    const main = `<h1>Tosca</h1><ul><li>28.11.2026 um 20:00 <a href="#tickets">Jetzt buchen</a></li></ul>${TEXT}`;
    expect(field(main, 'published', 'de')).toBeUndefined();
    expect(field(main, 'author', 'de')).toBeUndefined();
  });

  it.each([
    ['a publication word before it', '<p>Publicerad den 3 mars 2027</p>', 'sv'],
    ['a byline after it', '<p>3 mars 2027 av Lena Berg</p>', 'sv'],
    ['a byline after it in English', '<p>3 March 2027 · by Mara Lind</p>', 'en'],
    ['a byline before it', '<p>Auteur <span>Lotte van Leeuwen</span> · <span>3-3-2027</span> · 2 min leestijd</p>', 'nl'],
    ['the author named before it in spans', '<p>Redacción <span class="a1">Andrés Quintana</span> · <span class="b2">3 mar 2027</span></p>', 'es'],
    ['a reading time beside it', '<p><span>3 mars 2027</span> · 4 min läsning</p>', 'sv'],
    ['a dateline class', '<p class="article-meta">3 mars 2027</p>', 'sv'],
    ['a date class, the date alone', '<p class="news-date">3 mars 2027</p>', 'sv'],
    ['an article header', '<article><header><h1>Ny säsong</h1><p><time datetime="2027-03-03">3 mars</time></p></header><p>Operan presenterar sin nya säsong med åtta titlar och två uruppföranden i vår.</p></article>', 'sv'],
    ['datePublished', '<p><time itemprop="datePublished" datetime="2027-03-03">3 mars</time></p>', 'sv'],
  ])('is read from a date with %s', (_what, line, lang) => {
    const main = line.startsWith('<article>') ? line : `<h1>Ny säsong</h1>${line}<p>Operan presenterar sin nya säsong med åtta titlar och två uruppföranden i vår.</p>`;
    expect(field(main, 'published', lang)).toMatchObject({ type: 'date', value: '2027-03-03' });
  });
});
