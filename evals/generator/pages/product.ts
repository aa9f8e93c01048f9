import type { GoldenRecord } from '../../golden/task.js';
import { html, type Markup } from '../../sites/render/html.js';
import type { Product } from '../content/product.js';
import { fill, formatNumber } from '../locale/format.js';
import { renderFacts, goldenOf, type Fact } from '../render/facts.js';
import { money, splitPrice, text, type Written } from '../render/values.js';
import { fact, familyOf, htmlDocument, type SiteContext } from '../site/context.js';
import type { GeneratedPage } from '../types.js';

/**
 * A shop's product page. The main price sits in a buy box with what confuses naive readers around it: a struck-
 * through old price, a saving in percent, instalments, a shipping fee, the same price again in a sticky bar and a
 * mobile badge, and related products with their own prices. Specs and identifiers are fact blocks; JSON-LD and
 * microdata appear on some sites only.
 */
export interface ProductLinks {
  path: string;
  listingPath: string;
  listingLabel: string;
  related: ReadonlyArray<{ product: Product; path: string }>;
}

const noise = (value: string): Written => ({ text: value, markup: html`${value}`, golden: null });

export function productPage(ctx: SiteContext, p: Product, links: ProductLinks): GeneratedPage {
  const { t } = ctx;
  const site = ctx.rng.fork('product-style');
  const style = {
    split: site.chance(0.4),
    oldTag: site.pick(['del', 's', 'span'] as const),
    // Some shops print the old price after the current one, unlabelled: "71,91 € 79,90 €".
    oldAfter: site.chance(0.4),
    sticky: site.chance(0.6),
    installments: site.chance(0.5),
    // Some shops name the brand only in a line under the title ("von Kestrel"), not among the specs.
    brandByline: site.chance(0.4),
  };
  const r = ctx.rng.fork(`product-page-${p.slug}`);
  const c = (element?: string) => t.facts.cls.attr('product', element);
  const availability = r.pick(t.pack.availability[p.availability]);
  const price = style.split ? splitPrice(t, p.price, 'product') : money(t, p.price);
  const priceText = money(t, p.price).text;
  const old = p.oldPrice === null ? null : money(t, p.oldPrice);
  const saving = p.oldPrice === null ? null : Math.round((1 - p.price / p.oldPrice) * 100);
  const microdata = t.microdata;
  const freeShippingFrom = site.pick([29, 49, 50, 75, 99]);
  const oldMarkup = old ? (style.oldTag === 'span' ? html`<span${c('price-old')}>${t.labels.old_price} ${old.markup}</span>` : html`<${style.oldTag}${c('price-old')}>${old.markup}</${style.oldTag}>`) : html``;
  const buybox = html`<div${c('buybox')}>
  <div${c('price')}${microdata ? html` itemprop="offers" itemscope itemtype="https://schema.org/Offer"` : ''}>
    ${style.oldAfter ? '' : oldMarkup}
    <span${c('price-current')}${microdata ? html` itemprop="price" content="${p.price.toFixed(2)}"` : ''}>${price.markup}</span>${microdata ? html`<meta itemprop="priceCurrency" content="${p.currency}">` : ''} ${style.oldAfter ? oldMarkup : ''}
    ${saving !== null ? html`<span${c('badge')}>${fill(t.ui.youSave, { v: `${saving} %` })}</span>` : ''}
  </div>
  <p${c('vat')}>${t.ui.inclVat}</p>
  ${style.installments ? html`<p${c('installments')}>${fill(t.ui.installments, { n: 4, v: money(t, Math.round((p.price / 4) * 100) / 100).text })}</p>` : ''}
  <p${c('stock')}>${availability}</p>
  <p${c('shipping')}>${t.labels.shipping}: ${money(t, p.shippingFee).text} · ${fill(t.ui.freeShippingOver, { v: money(t, freeShippingFrom).text })}</p>
  <button type="submit"${c('add')}>${t.ui.addToCart}</button>
</div>`;
  const specs: Fact[] = [
    ...(style.brandByline ? [] : [fact(t, 'brand', 'brand', text(p.brand), 'brand')]),
    fact(t, 'color', 'color', noise(p.color)),
    fact(t, 'material', 'material', noise(p.material)),
    fact(t, 'product_weight', 'weight', noise(`${formatNumber(p.weightGrams / 1000, t.money, 2)} kg`)),
  ];
  const identifiers: Fact[] = [
    fact(t, 'sku', 'sku', text(p.sku), 'sku'),
    ...(p.mpn ? [fact(t, 'mpn', 'mpn', text(p.mpn), 'mpn')] : []),
    ...(p.gtin ? [fact(t, 'gtin', 'gtin', text(p.gtin), p.gtin.length === 12 ? 'gtin12' : 'gtin13')] : []),
  ];
  const delivery: Fact[] = [
    fact(t, 'availability', 'availability', text(availability)),
    fact(t, 'warranty', 'warranty', noise(fill(t.pack.monthTerm[0] ?? '{n}', { n: p.warrantyYears * 12 }))),
  ];
  const blocks = r.shuffle([
    { key: 'product.specs' as const, facts: specs, heading: t.headings.specs },
    { key: 'product.identifiers' as const, facts: identifiers, heading: t.headings.identifiers },
    { key: 'product.delivery' as const, facts: delivery, heading: t.headings.facts },
  ]);
  const related = html`<section${c('related')}>
  <h2>${t.headings.related}</h2>
  <div${c('related-list')}>${links.related.map((o) => html`<div${c('related-item')}><a href="${o.path}">${o.product.name}</a> <span${c('related-price')}>${money(t, o.product.price).text}</span></div>`)}</div>
</section>`;
  const description = html`<section${c('description')}><h2>${t.headings.description}</h2><p>${fill(r.pick(t.pack.prose.aboutSentences), { org: p.brand, place: ctx.org.place, n: r.int(2, 30), topic: t.pack.categories[p.category] })}</p></section>`;
  const main = html`<div${c()}>
<div${c('gallery')}><img src="/img/${p.slug}.jpg" alt="${p.name}"> ${style.sticky ? html`<span${c('badge-mobile')}>${priceText}</span>` : ''}</div>
<h1${c('title')}${microdata ? html` itemprop="name"` : ''}>${p.name}</h1>
${style.brandByline ? html`<p${c('brand')}>${t.labels.byline} <a href="${links.listingPath}"${microdata ? html` itemprop="brand"` : ''}>${p.brand}</a></p>` : ''}
<p${c('rating')}>★★★★☆ ${(r.int(31, 49) / 10).toFixed(1).replace('.', t.locale.decimal)} (${r.int(3, 480)})</p>
${buybox}
${blocks.map((b) => renderFacts(b.facts, familyOf(t, b.key), t.facts, b.key.replace('.', '-'), r.chance(0.6) ? b.heading : undefined))}
${description}
${related}
${style.sticky ? html`<div${c('sticky')}><span>${p.name}</span> <span${c('sticky-price')}>${priceText}</span> <button type="button">${t.ui.addToCart}</button></div>` : ''}
</div>`;
  const record: GoldenRecord = {
    name: p.name,
    ...(style.brandByline ? { brand: p.brand } : {}),
    ...goldenOf([...specs, ...identifiers]),
    price: { amount: p.price, currency: p.currency },
    ...(old ? { old_price: old.golden } : {}),
    currency: p.currency,
    availability,
  };
  const jsonLd = r.next() < t.jsonLd ? productJsonLd(p) : undefined;
  return htmlDocument(ctx, {
    path: links.path,
    title: p.name,
    main: main as Markup,
    breadcrumbs: [{ label: links.listingLabel, href: links.listingPath }, { label: p.name }],
    itemtype: microdata ? 'https://schema.org/Product' : undefined,
    documentType: 'product',
    records: [record],
    layouts: [...blocks.map((b) => `${b.key}:${familyOf(t, b.key)}`), ...(style.split ? ['price:split'] : [])],
    jsonLd,
  });
}

const SCHEMA_AVAILABILITY = { in_stock: 'InStock', few_left: 'LimitedAvailability', out_of_stock: 'OutOfStock', preorder: 'PreOrder' } as const;

function productJsonLd(p: Product): unknown {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    brand: { '@type': 'Brand', name: p.brand },
    sku: p.sku,
    ...(p.mpn ? { mpn: p.mpn } : {}),
    ...(p.gtin ? { [p.gtin.length === 12 ? 'gtin12' : 'gtin13']: p.gtin } : {}),
    offers: { '@type': 'Offer', price: p.price.toFixed(2), priceCurrency: p.currency, availability: `https://schema.org/${SCHEMA_AVAILABILITY[p.availability]}` },
  };
}
