import { describe, expect, it } from 'vitest';
import { detectLanguage, primaryLanguageTag } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['en', 'The new production of the opera is directed by a young team and will be shown for the first time at the festival.'],
    ['de', 'Die Neuproduktion der Oper wird von einem jungen Team inszeniert und ist zum ersten Mal bei den Festspielen zu sehen.'],
    ['it', 'La nuova produzione della stagione è diretta da un giovane regista e sarà in scena per la prima volta con il coro del teatro.'],
    ['fr', "La nouvelle production de l'opéra est mise en scène par une jeune équipe et sera présentée pour la première fois dans le festival."],
    ['es', 'La nueva producción de la ópera está dirigida por un equipo joven y se presenta por primera vez en el festival con los solistas.'],
  ])('recognizes %s prose', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('says nothing for text too short, empty or without prose', () => {
    expect(detectLanguage('Tosca')).toBeNull();
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12.03.2025 19:30 24 € 118 € 4711-0815')).toBeNull();
  });

  it('reads a long text quickly by looking at its beginning only', () => {
    expect(detectLanguage('der die das und nicht mit '.repeat(500_000))).toBe('de');
  });
});

describe('primaryLanguageTag', () => {
  it('keeps the primary subtag, lower-cased', () => {
    expect(primaryLanguageTag('de-CH')).toBe('de');
    expect(primaryLanguageTag('FR_fr')).toBe('fr');
    expect(primaryLanguageTag(' it ')).toBe('it');
  });

  it('rejects empty and malformed tags', () => {
    expect(primaryLanguageTag('')).toBeNull();
    expect(primaryLanguageTag(null)).toBeNull();
    expect(primaryLanguageTag('x')).toBeNull();
    expect(primaryLanguageTag('{{lang}}')).toBeNull();
  });
});
