import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../parsing/index.js';
import { walkFields, type ExtractedField } from '../model.js';
import { extractOffline } from './index.js';

/**
 * The article body across the layouts real news sites and blogs use. What must hold for each: every paragraph of the
 * story is in the body, in order, subheadings, list items and quotes included; nothing of the page around it is —
 * navigation, bylines, captions, share bars, newsletter boxes, related and popular lists, sidebars, comments.
 */
const fieldsOf = (html: string, url = 'https://paper.example/2027/04/story'): ExtractedField[] => [...walkFields(extractOffline(parseHtml(html, url)).records)];
const bodyOf = (html: string): string => String(fieldsOf(html).find((f) => f.name === 'body')?.value ?? '');
const shell = (inner: string, head = '') =>
  `<!doctype html><html lang="en"><head><title>Story | The Paper</title>${head}</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>${inner}<footer><p>© 2027 The Paper. All rights reserved. Registered in the city, company number 0000.</p></footer></body></html>`;

const STORY = [
  'The city council voted on Tuesday to close the old harbour bridge to cars from June, after engineers found cracks in two of its supports.',
  'Buses and bicycles will still be allowed to cross, the council said, while a temporary ferry will carry delivery vans to the eastern quarter.',
  'Shop owners on the eastern side, who depend on passing trade, said they had not been consulted and would ask the council to reconsider.',
  'Repairs are expected to take at least eighteen months and to cost about twice what the council had set aside in its budget for this year.',
  'A public meeting on the plans is to be held at the town hall next Thursday, and residents can send written comments until the end of May.',
];
const paragraphs = (texts: readonly string[]) => texts.map((t) => `<p>${t}</p>`).join('\n');

function expectStory(body: string, texts: readonly string[] = STORY): void {
  let at = -1;
  for (const text of texts) {
    const found = body.indexOf(text);
    expect(found, `missing or out of order: ${text}`).toBeGreaterThan(at);
    at = found;
  }
}

describe('the body of an article page', () => {
  it('reads a blog post without its share bar, author box, sidebar widgets and comments', () => {
    const body = bodyOf(
      shell(`<div id="page" class="site"><div id="primary" class="content-area"><article class="post hentry">
        <h1 class="entry-title">The bridge is closing</h1>
        <div class="entry-meta">Posted on <time datetime="2027-04-02">2 April 2027</time> by <a href="/author/mara">Mara Lind</a></div>
        <div class="entry-content">${paragraphs(STORY)}<div class="post-author author-content"><p>Mara Lind is a reporter at The Paper, where she has covered transport, housing and the harbour since 2019.</p></div></div>
        <div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a href="/s/fb">Facebook</a></li><li><a href="/s/tw">Twitter</a></li><li><a href="/s/mail">Email</a></li></ul></div>
        <div class="author-bio"><p>Mara Lind writes about the city, its streets and the people who keep them running, every week since 2019.</p></div>
      </article>
      <div id="comments" class="comments-area"><h2>3 thoughts on this post</h2><ol class="comment-list">
        <li class="comment"><p>I have crossed that bridge every morning for twenty years, and I never once thought about what holds it up, to be honest.</p></li>
        <li class="comment"><p>The ferry is a good idea, but the council should have told the shop owners much earlier, in my opinion, before deciding.</p></li>
      </ol></div></div>
      <div id="secondary" class="widget-area"><section class="widget widget_text"><h2>About this blog</h2><p>Notes on city life, written from a small flat above the harbour, since the winter of 2019, by one person.</p></section></div></div>`),
    );
    expectStory(body);
    expect(body).not.toMatch(/Share this|Facebook|twenty years|should have told|small flat above|writes about the city|is a reporter at|Posted on/);
  });

  it('joins a news story split by an advertisement and keeps related and popular lists, captions and the byline out', () => {
    const body = bodyOf(
      shell(`<main><div class="layout"><div class="story-col"><article>
        <h1>Harbour bridge to close to cars</h1>
        <p class="byline">By Tom Berg, City Editor</p>
        <figure><img src="/bridge.jpg" alt=""><figcaption>The harbour bridge at dusk. Photograph: Ana Ruiz for The Paper</figcaption></figure>
        <div class="story-body">${paragraphs(STORY.slice(0, 2))}</div>
        <div class="ad-slot"><span>Advertisement</span></div>
        <div class="story-body">${paragraphs(STORY.slice(2))}</div>
        <div class="related-links"><h2>Related</h2><ul><li><a href="/a">Ferry timetable approved after long consultation with residents</a></li><li><a href="/b">What the new budget means for the eastern quarter of the city</a></li></ul></div>
      </article></div>
      <div class="rail"><h2>Most read</h2><ol><li><a href="/c">Council elections: the full results</a></li><li><a href="/d">Five walks along the river this spring</a></li><li><a href="/e">The best bakeries in the old town, ranked</a></li></ol></div></div></main>`),
    );
    expectStory(body);
    expect(body).not.toMatch(/Advertisement|Photograph|By Tom Berg|Ferry timetable|Most read|bakeries/);
  });

  it('keeps the subheadings, quotes and lists of a long read and leaves its figure captions out', () => {
    const sections = [
      ['How it began', STORY.slice(0, 2)],
      ['What happens next', STORY.slice(2, 4)],
    ] as const;
    const body = bodyOf(
      shell(`<article class="longform"><header><h1>Anatomy of a closure</h1><p class="standfirst-meta">12 minutes read</p></header>
        ${sections.map(([heading, texts]) => `<section><h2>${heading}</h2>${paragraphs(texts)}<figure><img src="/x.jpg" alt=""><figcaption>An engineer inspects a support beam under the deck, in March.</figcaption></figure></section>`).join('\n')}
        <blockquote><p>We cannot take the risk of waiting another winter before acting on what the engineers found.</p></blockquote>
        <p>The council listed three options for the eastern quarter:</p>
        <ul><li>a temporary ferry for delivery vans</li><li>a shuttle bus every ten minutes</li><li>longer opening hours for the western car park</li></ul>
        ${paragraphs(STORY.slice(4))}</article>`),
    );
    expectStory(body, ['How it began', STORY[0] as string, 'What happens next', STORY[2] as string, 'We cannot take the risk', 'a shuttle bus every ten minutes', STORY[4] as string]);
    expect(body).not.toMatch(/inspects a support beam|12 minutes read/);
  });

  it('reads text written straight into a container with line breaks, in a template of utility classes only', () => {
    const body = bodyOf(
      shell(`<div class="mx-auto max-w-5xl px-4"><div class="text-lg leading-snug"><h1 class="text-4xl">The bridge is closing</h1><p class="text-base">Written by Mara Lind · 2 min read</p></div>
        <div class="font-semibold">${STORY.join('<br><br>\n')}<br><br></div>
        <div class="text-lg leading-snug">Share this: <a href="#mail">Mail</a> <a href="#copy">Link</a></div>
        <div class="text-lg leading-snug"><h3>Newsletter</h3><p>Get the latest news straight to your inbox.</p><form><input type="email"><button>Subscribe</button></form></div></div>`),
    );
    expectStory(body);
    expect(body).not.toMatch(/Share this|Newsletter|straight to your inbox|Written by/);
  });

  it('splits a paragraph where something left out stands inside it, so each line is the page\'s text as written', () => {
    const html = shell(`<article><h1>The bridge is closing</h1><div class="story">${STORY[0] as string} <figure><img src="/b.jpg" alt=""><figcaption>The bridge at dawn.</figcaption></figure> ${STORY[1] as string}<br><br>${paragraphs(STORY.slice(2))}</div></article>`);
    const lines = bodyOf(html).split('\n');
    const text = parseHtml(html, 'https://paper.example/x').text.replace(/\s+/g, ' ');
    expect(lines.slice(0, 2)).toEqual([STORY[0], STORY[1]]);
    for (const line of lines) expect(text).toContain(line);
  });

  it('keeps a story longer than a data value whole', () => {
    const long = Array.from({ length: 40 }, (_, i) => `${STORY[i % STORY.length] as string} (${i + 1})`);
    const body = bodyOf(shell(`<article><h1>The bridge is closing</h1>${paragraphs(long)}</article>`));
    expect(body.length).toBeGreaterThan(5_000);
    expectStory(body, long);
    expect(body.split('\n')).toHaveLength(long.length);
  });

  it('leaves out a rail of related <article> cards and stays quick beside thousands of share boxes', () => {
    const cards = STORY.map((t, i) => `<article class="card"><h3>Story ${i + 1}</h3><p>${t.replace('council', 'committee')}</p></article>`).join('');
    const boxes = Array.from({ length: 5_000 }, (_, i) => `<div class="social-share"><span>Share story ${i} with your friends and family today</span></div>`).join('');
    const started = Date.now();
    const body = bodyOf(shell(`<article><h1>The bridge is closing</h1>${paragraphs(STORY)}</article><div class="sidebar related">${cards}</div>${boxes}`));
    expect(Date.now() - started).toBeLessThan(5_000);
    expectStory(body);
    expect(body).not.toMatch(/committee|Share story/);
  });

  it('gives no body to a listing of story cards', () => {
    const cards = STORY.map((t, i) => `<div class="card"><h2><a href="/s/${i}">Story ${i + 1}</a></h2><p>${t}</p><time datetime="2027-04-0${i + 1}">${i + 1} April</time></div>`).join('');
    expect(fieldsOf(shell(`<main><h1>Latest news</h1><div class="cards">${cards}</div></main>`)).find((f) => f.name === 'body')).toBeUndefined();
  });
});

describe('a body the page declares', () => {
  const declared = (text: string) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'The bridge is closing', articleBody: text })}</script>`;

  it('keeps a declared articleBody whole, and outranks it with the page text when the declared one is an excerpt', () => {
    const fields = fieldsOf(shell(`<article><h1>The bridge is closing</h1>${paragraphs(STORY)}</article>`, declared(STORY.slice(0, 2).join(' '))));
    const articleBody = fields.find((f) => f.name === 'article_body');
    const body = fields.find((f) => f.name === 'body');
    expect(articleBody?.value).toBe(STORY.slice(0, 2).join(' '));
    expect(body?.confidence).toBeGreaterThan(articleBody?.confidence ?? 1);
  });

  it('leaves a declared articleBody the surer when the page shows less of it', () => {
    const full = Array.from({ length: 20 }, (_, i) => `${STORY[i % STORY.length] as string} (${i + 1})`).join('\n');
    const fields = fieldsOf(shell(`<article><h1>The bridge is closing</h1>${paragraphs(STORY.slice(0, 2))}<p class="paywall">Subscribe to read the rest of this story.</p></article>`, declared(full)));
    const articleBody = fields.find((f) => f.name === 'article_body');
    expect(articleBody?.value).toBe(full);
    expect(articleBody?.confidence).toBeGreaterThan(fields.find((f) => f.name === 'body')?.confidence ?? 0);
  });
});
