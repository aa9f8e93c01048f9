import { describe, expect, it } from 'vitest';
import { dictionaryName, LABEL_DICTIONARY, labelKey, normalizeLabel, snakeCase } from './labels.js';

describe('normalizeLabel', () => {
  it.each([
    ['Dirigent', 'conductor'],
    ['Direttore', 'conductor'],
    ['Direction musicale', 'conductor'],
    ["Chef d'orchestre", 'conductor'],
    ['Chef d’orchestre:', 'conductor'],
    ['Conductor', 'conductor'],
    ['Musikalische Leitung', 'conductor'],
    ['Inszenierung', 'director'],
    ['Regia', 'director'],
    ['Mise en scène', 'director'],
    ['Director:', 'director'],
    ['Termine', 'dates'],
    ['Date', 'dates'],
    ['Bühnenbild', 'set_design'],
    ['Spieldauer', 'duration'],
    ['Date de clôture', 'deadline'],
    ['Stazione appaltante', 'contracting_authority'],
    ['Invoice Number', 'invoice_number'],
  ])('maps %s to %s', (label, name) => {
    expect(normalizeLabel(label)).toBe(name);
  });

  it.each([
    ['Regi', 'director'],
    ['Dirigent:', 'conductor'],
    ['Scenografi', 'set_design'],
    ['Kostym', 'costume_design'],
    ['Ljus', 'lighting'],
    ['Lysdesign', 'lighting'],
    ['Koreografi', 'choreography'],
    ['Premiär', 'premiere'],
    ['Speltid', 'duration'],
    ['Spilletid', 'duration'],
    ['Biljetter', 'price'],
    ['Billetpris', 'price'],
    ['Rollista', 'cast'],
    ['Medverkande', 'cast'],
    ['Medvirkende', 'cast'],
    ['Föreställningar', 'dates'],
    ['Spelschema', 'dates'],
    ['Forestillinger', 'dates'],
    ['Salong', 'venue'],
    ['Språk', 'language'],
    ['Textning', 'surtitles'],
    ['Sista anbudsdag', 'deadline'],
    ['Sista anmälningsdag för anbud', 'deadline'],
    ['Tilbudsfrist', 'deadline'],
    ['Upphandlande myndighet', 'contracting_authority'],
    ['Publicerad', 'published'],
  ])('maps the Nordic label %s to the concept %s', (label, name) => {
    expect(normalizeLabel(label)).toBe(name);
  });

  it.each([
    ['Größe der Bühne', 'groesse_der_buehne'],
    ['Année de création', 'annee_de_creation'],
    ['startDate', 'start_date'],
    ['  Sitzplätze (gesamt)  ', 'sitzplaetze_gesamt'],
    ['2. Rang', 'f_2_rang'],
    ['!!!', 'field'],
    ['名前', 'field'],
  ])('falls back to snake_case: %s → %s', (label, name) => {
    expect(normalizeLabel(label)).toBe(name);
  });

  it('keeps names short even for absurdly long labels', () => {
    expect(snakeCase('word '.repeat(100)).length).toBeLessThanOrEqual(64);
  });

  it('leaves labels that are not in the dictionary to the fallback', () => {
    expect(dictionaryName('Lieblingsfarbe')).toBeNull();
  });

  it('has no label mapped to two different names', () => {
    const seen = new Map<string, string>();
    for (const [name, labels] of Object.entries(LABEL_DICTIONARY)) {
      for (const label of labels) {
        const key = labelKey(label);
        expect(seen.get(key) ?? name, `${label} is listed under ${seen.get(key)} and ${name}`).toBe(name);
        seen.set(key, name);
      }
    }
  });

  it('only produces snake_case names', () => {
    for (const name of Object.keys(LABEL_DICTIONARY)) expect(name).toMatch(/^[a-z0-9_]+$/);
  });
});

describe('labels written as alternatives or with the word that says whose', () => {
  it('names a label of alternatives after what its known parts name, when they agree', () => {
    expect(dictionaryName('Dirigent / muzikale leiding')).toBe('conductor');
    expect(dictionaryName('Regie & Inszenierung')).toBe('director');
    expect(dictionaryName('Regie / Dirigent')).toBeNull();
  });

  it('reads "Muziek van", "Musique de", "Music by" as the dictionary label they extend', () => {
    expect(dictionaryName('Muziek van')).toBe('composer');
    expect(dictionaryName('Musique de')).toBe('composer');
    expect(dictionaryName('Regie von')).toBe('director');
    expect(dictionaryName('Haus von')).toBeNull();
  });

  it('knows the theatre words of the languages a season programme is written in', () => {
    expect(['Dirigat', 'Szenische Leitung', 'Übertitelung', 'Erstaufführung', 'Tijdsduur', 'Boventiteling', 'Cantado em', 'Legendado em', 'Encenador'].map(dictionaryName)).toEqual([
      'conductor', 'director', 'surtitles', 'premiere', 'duration', 'surtitles', 'language', 'surtitles', 'director',
    ]);
  });
});
