import type { Rng } from '../random.js';
import { raw, type Markup } from '../../sites/render/html.js';

/**
 * How a site names its CSS classes: BEM (`facts__label`), utility classes (`text-sm font-semibold`), hashed CSS-module
 * names (`Facts_label__x8Hq2`, `_value_3kx9a`, `sc-bdVaJa`), or none at all. The same element gets the same class on
 * every page of a site, as a real template does.
 */
export const CLASS_SCHEMES = ['bem', 'utility', 'hashed', 'none'] as const;
export type ClassScheme = (typeof CLASS_SCHEMES)[number];

export interface ClassNamer {
  scheme: ClassScheme;
  /** The class of an element of a block (`null`: no class attribute). */
  of(block: string, element?: string, modifier?: string): string | null;
  /** ` class="…"` markup, or nothing. */
  attr(block: string, element?: string, modifier?: string): Markup;
}

const UTILITY: Readonly<Record<string, readonly string[]>> = {
  root: ['mx-auto max-w-5xl px-4', 'container mx-auto', 'grid gap-6 md:grid-cols-3'],
  label: ['text-sm font-semibold text-gray-500 uppercase tracking-wide', 'text-xs text-slate-500', 'font-medium text-neutral-600'],
  value: ['text-base text-gray-900', 'font-semibold', 'text-lg leading-snug'],
  row: ['flex justify-between gap-4 border-b py-2', 'grid grid-cols-2 gap-2 py-1', 'flex flex-wrap gap-x-2'],
  title: ['text-3xl font-bold tracking-tight', 'text-4xl font-extrabold', 'text-2xl font-serif'],
  heading: ['mt-8 mb-2 text-xl font-semibold', 'text-lg font-bold uppercase', 'mt-6 text-2xl'],
  card: ['rounded-xl border p-4 shadow-sm', 'rounded bg-white p-6 shadow', 'border-l-4 pl-3'],
  price: ['text-3xl font-bold text-red-600', 'text-2xl font-semibold', 'text-xl font-black'],
  muted: ['text-sm text-gray-500', 'text-xs text-neutral-400', 'text-slate-400'],
};

function pascal(text: string): string {
  return text.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());
}

export function createClassNamer(rng: Rng, scheme: ClassScheme): ClassNamer {
  const cache = new Map<string, string | null>();
  const prefix = scheme === 'bem' && rng.chance(0.4) ? `${rng.token(2, 'abcdefghklmnprstvz')}-` : '';
  const hashStyle = rng.pick(['modules', 'vite', 'styled'] as const);
  const name = (block: string, element: string | undefined, modifier: string | undefined): string | null => {
    const r = rng.fork(`${block}/${element ?? ''}/${modifier ?? ''}`);
    switch (scheme) {
      case 'none':
        return null;
      case 'bem': {
        const base = element ? `${prefix}${block}__${element}` : `${prefix}${block}`;
        return modifier ? `${base} ${base}--${modifier}` : base;
      }
      case 'utility': {
        const options = UTILITY[element ?? 'root'] ?? UTILITY['value'] ?? [];
        return r.pick(options);
      }
      case 'hashed': {
        if (hashStyle === 'styled') return `sc-${r.token(6, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')} ${r.token(6, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`;
        if (hashStyle === 'vite') return `_${element ?? block}_${r.token(5)}`;
        return `${pascal(block)}_${element ?? 'root'}__${r.token(5, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
      }
    }
  };
  const of = (block: string, element?: string, modifier?: string): string | null => {
    const key = `${block}|${element ?? ''}|${modifier ?? ''}`;
    if (!cache.has(key)) cache.set(key, name(block, element, modifier));
    return cache.get(key) ?? null;
  };
  return {
    scheme,
    of,
    attr(block, element, modifier) {
      const c = of(block, element, modifier);
      return raw(c ? ` class="${c}"` : '');
    },
  };
}
