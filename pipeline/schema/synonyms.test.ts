import { describe, expect, it } from 'vitest';
import { extraction, record, type FieldSpec } from '../clustering/fixtures.js';
import { mapRecord } from './emit.js';
import { findSynonyms, induceAcrossSites, shapeOf, synonymQuestions } from './synonyms.js';

const PEOPLE = ['Karl Böhm', 'Anna Berg', 'Paolo Conti', 'Marie Dubois', 'Ivo Novak'];

/** Three invented opera sites; each writes the conductor under its own name and label. */
function site(host: string, conductorName: string, label: string, n: number, extra: (i: number) => FieldSpec[] = () => [], people = PEOPLE) {
  return Array.from({ length: n }, (_, i) =>
    extraction(`https://${host}/p/${i}`, [
      record([
        ['title', 'string', `Oper ${host} ${i}`, 'Titel'],
        [conductorName, 'string', people[i % people.length] as string, label],
        ['premiere', 'date', `2027-03-1${i}`, 'Premiere'],
        ...extra(i),
      ]),
    ]),
  );
}

describe('synonym fields across sites', () => {
  it('merges names that share a label word, keeping every name as a source and the evidence', () => {
    const samples = [...site('a.test', 'musical_direction', 'Musikalische Leitung', 4), ...site('b.test', 'musical_director', 'Musical direction', 4)];
    const { schema, synonyms } = induceAcrossSites(samples, { name: 'production' });
    expect(synonyms).toHaveLength(1);
    const merged = schema.fields.find((f) => f.sources.includes('musical_direction'));
    expect(merged?.sources.sort()).toEqual(['musical_direction', 'musical_director']);
    expect(merged?.coverage).toBe(1);
    expect(merged?.required).toBe(true);
    expect(merged?.evidence.join(' ')).toMatch(/names\/labels share "musical"/);
  });

  it('merges names in different languages when each site uses exactly one of them and nothing else fits', () => {
    const samples = [...site('wien.test', 'dirigent', 'Dirigent', 4), ...site('milano.test', 'direttore', 'Direttore', 4, () => [], ['Luca Verdi', 'Sara Neri'])];
    const { groups } = findSynonyms(samples);
    expect(groups).toEqual([{ canonical: 'direttore', names: ['direttore', 'dirigent'], evidence: [expect.stringMatching(/each site uses one of them throughout/)] }]);
  });

  it('merges on shared values even when labels differ', () => {
    const samples = [...site('a.test', 'leitung', 'Leitung', 3), ...site('b.test', 'bacchetta', 'Bacchetta', 3)];
    const other = extraction('https://c.test/p/0', [record([['title', 'string', 'Oper c', 'Titel'], ['stage', 'string', 'Paolo Conti', 'Bühne']])]);
    const { groups } = findSynonyms([...samples, other]);
    expect(groups.find((g) => g.names.includes('leitung'))?.evidence.join(' ')).toMatch(/same values under both names: karl bohm/);
  });

  it('never merges fields that appear together in one document or on one site', () => {
    const samples = [
      ...site('a.test', 'conductor', 'Conductor', 4, (i) => [['director', 'string', PEOPLE[(i + 1) % PEOPLE.length] as string, 'Director']]),
      ...site('b.test', 'conductor', 'Conductor', 4),
    ];
    const { groups, suspected } = findSynonyms(samples);
    expect(groups).toEqual([]);
    expect(suspected).toEqual([]);
  });

  it('merges by place when one name could pair with several: the partner stands between the same shared fields', () => {
    const samples = [
      ...site('a.test', 'dirigent', 'Dirigent', 3, (i) => [['regie', 'string', PEOPLE[(i + 2) % PEOPLE.length] as string, 'Regie']]),
      ...site('b.test', 'direttore', 'Direttore', 3, () => [], ['Luca Verdi', 'Sara Neri', 'Gino Rossi']),
    ];
    const { groups, suspected } = findSynonyms(samples);
    expect(groups).toEqual([{ canonical: 'direttore', names: ['direttore', 'dirigent'], evidence: [expect.stringMatching(/in the same place among the fields the sites share \(after title, before premiere\)/)] }]);
    expect(suspected.map((s) => s.names.join('+'))).toEqual(['direttore+regie']);
  });

  it('only suspects a merge when one name could pair with several others, in the same place', () => {
    const page = (host: string, i: number, fields: FieldSpec[]) => extraction(`https://${host}/p/${i}`, [record([['title', 'string', `Oper ${host} ${i}`, 'Titel'], ...fields])]);
    const samples = [
      ...[0, 1, 2].map((i) => page('a.test', i, [['dirigent', 'string', PEOPLE[i] as string, 'Dirigent'], ['regie', 'string', PEOPLE[(i + 2) % PEOPLE.length] as string, 'Regie']])),
      ...[0, 1, 2].map((i) => page('b.test', i, [['direttore', 'string', ['Luca Verdi', 'Sara Neri', 'Gino Rossi'][i] as string, 'Direttore']])),
    ];
    const { groups, suspected } = findSynonyms(samples);
    expect(groups).toEqual([]);
    expect(suspected.map((s) => s.names.join('+')).sort()).toEqual(['direttore+dirigent', 'direttore+regie']);
    const questions = synonymQuestions(induceAcrossSites(samples, { name: 'production' }));
    expect(questions).toHaveLength(2);
    expect(questions[0]).toMatch(/^direttore and dirigent may be one field under two names \(never in the same document or site; .*\), but the evidence is not enough to merge them; are they\?$/);
  });

  it('does not merge values of different shapes', () => {
    const samples = [
      ...site('a.test', 'code', 'Code', 3, () => []).map((e) => e),
      ...Array.from({ length: 3 }, (_, i) => extraction(`https://b.test/n/${i}`, [record([['title', 'string', `T ${i}`, 'Titel'], ['cpv_code', 'string', `4500000${i}-7`, 'CPV code']])])),
    ];
    expect(findSynonyms(samples).groups).toEqual([]);
  });

  it('maps rows from every site through the merged field', () => {
    const samples = [...site('a.test', 'musical_direction', 'Musikalische Leitung', 2), ...site('b.test', 'musical_director', 'Musical direction', 2)];
    const { schema } = induceAcrossSites(samples, { name: 'production' });
    const name = schema.fields.find((f) => f.sources.includes('musical_director'))?.name ?? '';
    const rows = samples.map((s, i) => mapRecord(schema, s.records[0] ?? record([]), { rowId: `r${i}`, documentId: null, url: s.url, extractionId: `e${i}` }).row);
    expect(rows.map((r) => r[name])).toEqual(['Karl Böhm', 'Anna Berg', 'Karl Böhm', 'Anna Berg']);
  });

  it('handles no samples, empty records, nameless urls and a huge corpus of one field', () => {
    expect(findSynonyms([])).toEqual({ groups: [], suspected: [] });
    expect(findSynonyms([extraction('not a url', [record([])]), extraction('', [])])).toEqual({ groups: [], suspected: [] });
    const many = Array.from({ length: 2000 }, (_, i) => extraction(`https://s${i % 7}.test/${i}`, [record([['title', 'string', `T ${i}`]])]));
    expect(induceAcrossSites(many, { name: 'page' }).schema.fields.map((f) => f.name)).toEqual(['title']);
  });

  it('draws value shapes from character classes', () => {
    expect(shapeOf('string', 'Karl Böhm')).toBe('Aa Aa');
    expect(shapeOf('string', '45000000-7')).toBe('9-9');
    expect(shapeOf('date', '2027-01-01')).toBe('date');
    expect(shapeOf('string', 'x'.repeat(200))).toBe('text');
  });
});

describe('nested records across sites', () => {
  const castOf = (host: string, listName: string, roleName: string, personName: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const r = record([
        ['title', 'string', `Oper ${host} ${i}`, 'Titel'],
        ['premiere', 'date', `2027-03-1${i}`, 'Premiere'],
      ]);
      r.fields.push({
        ...r.fields[0],
        name: listName,
        label: listName,
        type: 'list',
        value: null,
        raw: '',
        records: [0, 1, 2].map((j) => record([[roleName, 'string', `Figur ${j}`], [personName, 'string', PEOPLE[(i + j) % PEOPLE.length] as string]])),
      } as (typeof r.fields)[number]);
      return extraction(`https://${host}/p/${i}`, [r]);
    });

  it('makes one child table of a cast whatever each site calls it and its columns', () => {
    const samples = [...castOf('a.test', 'cast', 'role', 'performer', 4), ...castOf('b.test', 'who_is_performing', 'character', 'cast_member', 4)];
    const { schema } = induceAcrossSites(samples, { name: 'production' });
    const cast = schema.fields.filter((f) => f.type === 'records');
    expect(cast.map((f) => [f.name, f.sources.sort(), f.coverage])).toEqual([['cast', ['cast', 'who_is_performing'], 1]]);
    expect(cast[0]?.fields?.map((f) => [f.name, f.sources.sort()])).toEqual([
      ['cast_member', ['cast_member', 'performer']],
      ['character', ['character', 'role']],
    ]);
  });
});
