import type { Locale } from '../locale/locales.js';
import { brandWord, modelName, slugify } from '../locale/names.js';
import { fill } from '../locale/format.js';
import { CATEGORIES, type Availability, type Category, type LanguagePack } from '../locale/pack.js';
import type { Rng } from '../random.js';
import { CURRENCY_SCALE } from './organisation.js';

/** A product a shop sells: identifiers, prices (current and struck-through), stock and the specs around them. */
export interface Product {
  slug: string;
  name: string;
  brand: string;
  model: string;
  category: Category;
  price: number;
  oldPrice: number | null;
  currency: string;
  sku: string;
  mpn: string | null;
  gtin: string | null;
  availability: Availability;
  color: string;
  material: string;
  weightGrams: number;
  warrantyYears: number;
  shippingFee: number;
}

const BASE_PRICES: Readonly<Record<Category, readonly [number, number]>> = {
  headphones: [49, 399], grinder: [39, 649], backpack: [59, 289], lamp: [24, 189], drill: [69, 429], kettle: [19, 149], shoes: [79, 229], speaker: [29, 499],
};

/** Check digit of a GTIN (EAN-13, UPC-A) from its other digits. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

function price(rng: Rng, category: Category, scale: number): number {
  const [lo, hi] = BASE_PRICES[category];
  const whole = Math.round(rng.int(lo, hi) * scale);
  return rng.pick([whole + 0.99, whole + 0.95, whole, whole + 0.9, whole + 0.49]);
}

export function createProducts(rng: Rng, locale: Locale, pack: LanguagePack, count: number, brands: readonly string[]): Product[] {
  const scale = CURRENCY_SCALE[locale.currency] ?? 1;
  const slugs = new Set<string>();
  const skuPattern = rng.pick(['{b}-{n5}', 'SKU{n6}', '{n5}-{c}', 'ART-{n4}-{c}', '{n7}']);
  return Array.from({ length: count }, (_, i) => {
    const r = rng.fork(`product-${i}`);
    const category = r.pick(CATEGORIES);
    const brand = r.pick(brands);
    const model = modelName(r);
    const name = fill(r.pick(pack.productNames), { brand, model, category: pack.categories[category] });
    const current = price(r, category, scale);
    const digits = (n: number) => String(r.int(10 ** (n - 1), 10 ** n - 1));
    const sku = skuPattern.replace('{b}', brand.slice(0, 3).toUpperCase()).replace('{c}', r.token(2, 'ABCDEFGHKLMNPRSTVXZ')).replace(/\{n(\d)\}/g, (_, n: string) => digits(Number(n)));
    const gtinBody = locale.region === 'US' ? `0${digits(10)}` : `${r.pick(['40', '42', '80', '30', '84', '87', '590', '560', '76'])}${digits(8)}`.slice(0, 12).padEnd(12, '7');
    let slug = slugify(`${brand} ${model} ${pack.categories[category]}`);
    if (slugs.has(slug)) slug = `${slug}-${i + 1}`;
    slugs.add(slug);
    return {
      slug,
      name,
      brand,
      model,
      category,
      price: current,
      oldPrice: r.chance(0.45) ? Math.round(current * (1.1 + r.int(0, 30) / 100)) + 0.99 : null,
      currency: locale.currency,
      sku,
      mpn: r.chance(0.75) ? `${model.replace(/\s+/g, '')}-${r.token(2, 'ABCDEFGHKLMNPRSTVXZ')}${r.int(1, 9)}` : null,
      gtin: r.chance(0.8) ? `${gtinBody}${gtinCheckDigit(gtinBody)}` : null,
      availability: r.weighted([['in_stock', 6], ['few_left', 2], ['out_of_stock', 1], ['preorder', 1]] as const),
      color: r.pick(pack.colors),
      material: r.pick(pack.materials),
      weightGrams: r.int(12, 380) * 10,
      warrantyYears: r.pick([1, 2, 2, 3, 5]),
      shippingFee: r.pick([0, 3.95, 4.9, 4.95, 5.99, 6.9]) * (scale > 2 ? Math.round(scale) : 1),
    };
  });
}

/** The shop's brands: a few invented names. */
export function createBrands(rng: Rng): string[] {
  const brands = new Set<string>();
  while (brands.size < 5) brands.add(brandWord(rng));
  return [...brands];
}
