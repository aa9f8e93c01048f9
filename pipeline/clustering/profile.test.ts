import { describe, expect, it } from 'vitest';
import { extraction, record, type FieldSpec } from './fixtures.js';
import { buildProfile } from './profile.js';
import { buildSignature } from './signature.js';

/** Names a reviewer reads in list_clusters and gets as table names: the kind of document, never a site's markup. */
const production = (i: number): FieldSpec[] => [
  ['title', 'string', `Oper ${i}`, 'Titel'],
  ['conductor', 'string', `Person ${i}`, 'Dirigent'],
  ['director', 'string', `Regie ${i}`, 'Regie'],
];

describe('cluster names', () => {
  it('names detail pages after the kind their fields say, before the schema.org type they declare', () => {
    const members = [0, 1, 2].map((i) => ({ signature: buildSignature(extraction(`https://oper${i}.test/p`, [record(production(i), { declaredType: 'TheaterEvent' })])) }));
    expect(buildProfile(members).suggestedName).toBe('production');
  });

  it('names a listing after what it lists, and plainly "listing" when nothing says what, not after class names', () => {
    const listing = (i: number, fields: (j: number) => FieldSpec[]) =>
      extraction(`https://site${i}.test/list`, [0, 1, 2, 3].map((j) => record(fields(j), { origin: 'repeated' })));
    const productions = [0, 1].map((i) => ({ signature: buildSignature(listing(i, production)) }));
    expect(buildProfile(productions).suggestedName).toBe('production_listing');
    const cards = [0, 1].map((i) => ({ signature: buildSignature(listing(i, (j) => [['card_meta', 'string', `Meta ${j}`, 'card meta'], ['font_semibold', 'string', `Teaser ${j}`, 'font semibold']])) }));
    expect(buildProfile(cards).suggestedName).toBe('listing');
  });
});
