import type { GoldenRecord } from '../../golden/task.js';
import { html, raw, type Markup } from '../../sites/render/html.js';
import { articleBody, type Article, type BodyBlock } from '../content/article.js';
import { fill } from '../locale/format.js';
import { date, dateTime } from '../render/values.js';
import { htmlDocument, type SiteContext } from '../site/context.js';
import type { GeneratedPage } from '../types.js';

/**
 * An article page: headline, byline and date, then the body (paragraphs, some one sentence long, a subhead, a list,
 * a quote) with a figure and a pull quote inside it, and around it related links, comments and the site's chrome.
 * Semantic sites use `<article>` and `<p>`; others only `<div>`s with `<br><br>` between paragraphs.
 */
export interface ArticleLinks {
  path: string;
  listingPath: string;
  listingLabel: string;
  others: ReadonlyArray<{ article: Article; path: string }>;
  /** Extra links inside the body (sample invoices on a help page). */
  attachments?: ReadonlyArray<{ label: string; href: string }>;
}

function blockMarkup(b: BodyBlock, divs: boolean): Markup {
  switch (b.kind) {
    case 'p':
      return divs ? html`${b.text}<br><br>\n` : html`<p>${b.text}</p>\n`;
    case 'h2':
      return divs ? html`<b>${b.text}</b><br>\n` : html`<h2>${b.text}</h2>\n`;
    case 'ul':
      return divs ? html`${b.intro}<br>\n${b.items.map((i) => html`• ${i}<br>\n`)}<br>\n` : html`<p>${b.intro}</p>\n<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>\n`;
    case 'quote':
      return divs ? html`<i>${b.text}</i> ${b.attribution}<br><br>\n` : html`<blockquote><p>${b.text}</p><cite>${b.attribution}</cite></blockquote>\n`;
  }
}

export function articlePage(ctx: SiteContext, a: Article, links: ArticleLinks): GeneratedPage {
  const { t } = ctx;
  const r = ctx.rng.fork(`article-page-${a.slug}`);
  const divs = t.wrapper !== 'semantic';
  const c = (element?: string) => t.facts.cls.attr('post', element);
  const when = a.published.length > 10 ? dateTime(t, a.published) : date(t, a.published);
  const microdata = t.microdata;
  const byline = html`<p${c('meta')}>${a.author ? html`${t.labels.byline} <span${c('author')}${microdata ? raw(' itemprop="author"') : ''}>${a.author}</span> · ` : ''}${
    divs ? html`<span${c('date')}>${when.markup}</span>` : html`<time datetime="${a.published}"${microdata ? raw(' itemprop="datePublished"') : ''}>${when.markup}</time>`
  } · ${fill(t.ui.minutesRead, { n: Math.max(2, Math.round(articleBody(a).split(/\s+/).length / 200)) })}</p>`;
  const figure = html`<figure${c('figure')}><img src="/img/${a.slug}.jpg" alt=""><figcaption>${a.caption} ${t.ui.photo} ${a.author ?? ctx.org.name}</figcaption></figure>\n`;
  const pull = html`<aside${c('pullquote')}>${a.pullQuote}</aside>\n`;
  const parts: Markup[] = [];
  a.blocks.forEach((b, i) => {
    if (i === 1) parts.push(figure);
    if (i === 3) parts.push(pull);
    parts.push(blockMarkup(b, divs));
  });
  const attachments = links.attachments && links.attachments.length > 0 ? html`<ul${c('attachments')}>${links.attachments.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}</ul>` : html``;
  const body = html`<div${c('body')}${microdata ? raw(' itemprop="articleBody"') : ''}>
${parts}${attachments}
</div>`;
  const share = html`<div${c('share')}>${t.ui.share}: <a href="#share-mail">Mail</a> <a href="#share-copy">Link</a></div>`;
  const related = html`<div${c('related')}><h3>${t.ui.readMore}</h3><ul>${links.others.map((o) => html`<li><a href="${o.path}">${o.article.headline}</a></li>`)}</ul></div>`;
  const comments =
    a.comments.length > 0
      ? html`<div${c('comments')} id="comments"><h3>${t.headings.comments} (${a.comments.length})</h3>${a.comments.map(
          (m) => html`<div${c('comment')}><strong>${m.name}</strong> <span>${r.int(1, 23)} h</span><p>${m.text}</p><a href="#reply">${t.ui.reply}</a></div>`,
        )}<form action="/comments" method="post"><textarea name="comment" placeholder="${t.ui.commentPrompt}"></textarea><button>${t.ui.commentPrompt}</button></form></div>`
      : html``;
  const headline = html`<h1${c('title')}${microdata ? raw(' itemprop="headline"') : ''}>${a.headline}</h1>`;
  const main = divs
    ? html`<div${c()}>
<div${c('head')}>${headline}${byline}</div>
${body}
${share}
</div>
${related}
${comments}`
    : html`<article${c()}>
<header>${headline}${byline}</header>
${body}
${share}
</article>
${related}
${comments}`;
  const text = articleBody(a);
  const record: GoldenRecord = { headline: a.headline, published: when.golden, ...(a.author ? { author: a.author } : {}), body: text };
  const jsonLd =
    r.next() < t.jsonLd
      ? {
          '@context': 'https://schema.org',
          '@type': r.pick(['NewsArticle', 'BlogPosting', 'Article']),
          headline: a.headline,
          datePublished: a.published,
          ...(a.author ? { author: { '@type': 'Person', name: a.author } } : {}),
          publisher: { '@type': 'Organization', name: ctx.site.name },
          ...(r.chance(0.3) ? { articleBody: text } : {}),
        }
      : undefined;
  return htmlDocument(ctx, {
    path: links.path,
    title: a.headline,
    description: a.blocks.find((b) => b.kind === 'p')?.text.slice(0, 150),
    main,
    breadcrumbs: [{ label: links.listingLabel, href: links.listingPath }, { label: a.headline }],
    itemtype: microdata ? 'https://schema.org/Article' : undefined,
    documentType: 'article',
    records: [record],
    body: text,
    layouts: [`article:${divs ? 'divs' : 'semantic'}`, `wrapper:${t.wrapper}`],
    jsonLd,
  });
}
