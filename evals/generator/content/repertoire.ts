import type { Lang, PerformanceLanguage } from '../locale/pack.js';

/**
 * Works that houses stage, as houses bill them: repertoire operas and plays (public-domain works; the houses,
 * productions, casts and dates around them are invented). Some houses print a translated title.
 */
export interface Work {
  genre: 'opera' | 'play';
  title: string;
  /** Titles some houses print in their own language. */
  localTitles?: Partial<Record<Lang, string>>;
  /** Composer of an opera, author of a play. */
  creator: string;
  language: PerformanceLanguage;
  roles: readonly string[];
  /** Typical running time in minutes. */
  minutes: number;
}

export const OPERAS: readonly Work[] = [
  { genre: 'opera', title: 'Tosca', creator: 'Giacomo Puccini', language: 'it', roles: ['Floria Tosca', 'Mario Cavaradossi', 'Il barone Scarpia', 'Cesare Angelotti', 'Spoletta'], minutes: 165 },
  { genre: 'opera', title: 'La traviata', creator: 'Giuseppe Verdi', language: 'it', roles: ['Violetta Valéry', 'Alfredo Germont', 'Giorgio Germont', 'Flora Bervoix', 'Annina'], minutes: 150 },
  { genre: 'opera', title: 'Carmen', creator: 'Georges Bizet', language: 'fr', roles: ['Carmen', 'Don José', 'Escamillo', 'Micaëla', 'Frasquita'], minutes: 190 },
  { genre: 'opera', title: 'Die Zauberflöte', localTitles: { en: 'The Magic Flute', fr: 'La Flûte enchantée', it: 'Il flauto magico', es: 'La flauta mágica', nl: 'De Toverfluit', pl: 'Czarodziejski flet', pt: 'A Flauta Mágica' }, creator: 'Wolfgang Amadeus Mozart', language: 'de', roles: ['Tamino', 'Pamina', 'Papageno', 'Königin der Nacht', 'Sarastro'], minutes: 175 },
  { genre: 'opera', title: 'Rusalka', creator: 'Antonín Dvořák', language: 'cs', roles: ['Rusalka', 'Der Prinz', 'Ježibaba', 'Vodník', 'Die fremde Fürstin'], minutes: 180 },
  { genre: 'opera', title: 'Eugen Onegin', localTitles: { en: 'Eugene Onegin', fr: 'Eugène Onéguine', it: 'Evgenij Onegin', es: 'Eugenio Oneguin', pl: 'Eugeniusz Oniegin', pt: 'Eugene Onegin' }, creator: 'Pjotr I. Tschaikowski', language: 'ru', roles: ['Tatjana', 'Eugen Onegin', 'Lenski', 'Olga', 'Fürst Gremin'], minutes: 170 },
  { genre: 'opera', title: 'Salome', creator: 'Richard Strauss', language: 'de', roles: ['Salome', 'Herodes', 'Herodias', 'Jochanaan', 'Narraboth'], minutes: 100 },
  { genre: 'opera', title: 'Le nozze di Figaro', localTitles: { de: 'Die Hochzeit des Figaro', en: 'The Marriage of Figaro', fr: 'Les Noces de Figaro', pl: 'Wesele Figara' }, creator: 'Wolfgang Amadeus Mozart', language: 'it', roles: ['Figaro', 'Susanna', 'Il conte di Almaviva', 'La contessa di Almaviva', 'Cherubino'], minutes: 195 },
  { genre: 'opera', title: 'Der fliegende Holländer', localTitles: { en: 'The Flying Dutchman', fr: 'Le Vaisseau fantôme', it: "L'olandese volante", es: 'El holandés errante' }, creator: 'Richard Wagner', language: 'de', roles: ['Der Holländer', 'Senta', 'Daland', 'Erik', 'Mary'], minutes: 140 },
  { genre: 'opera', title: 'Madama Butterfly', creator: 'Giacomo Puccini', language: 'it', roles: ['Cio-Cio-San', 'B. F. Pinkerton', 'Suzuki', 'Sharpless', 'Goro'], minutes: 155 },
  { genre: 'opera', title: 'Fidelio', creator: 'Ludwig van Beethoven', language: 'de', roles: ['Leonore', 'Florestan', 'Rocco', 'Don Pizarro', 'Marzelline'], minutes: 150 },
  { genre: 'opera', title: 'Il barbiere di Siviglia', localTitles: { de: 'Der Barbier von Sevilla', en: 'The Barber of Seville', fr: 'Le Barbier de Séville', es: 'El barbero de Sevilla' }, creator: 'Gioachino Rossini', language: 'it', roles: ['Figaro', 'Rosina', 'Il conte di Almaviva', 'Bartolo', 'Basilio'], minutes: 170 },
  { genre: 'opera', title: 'Werther', creator: 'Jules Massenet', language: 'fr', roles: ['Werther', 'Charlotte', 'Albert', 'Sophie', 'Le Bailli'], minutes: 160 },
  { genre: 'opera', title: 'Don Giovanni', creator: 'Wolfgang Amadeus Mozart', language: 'it', roles: ['Don Giovanni', 'Leporello', 'Donna Anna', 'Donna Elvira', 'Zerlina'], minutes: 185 },
];

export const PLAYS: readonly Work[] = [
  { genre: 'play', title: 'Hamlet', creator: 'William Shakespeare', language: 'en', roles: ['Hamlet', 'Ophelia', 'Claudius', 'Gertrude', 'Polonius'], minutes: 200 },
  { genre: 'play', title: 'Nora', localTitles: { en: "A Doll's House", de: 'Nora oder Ein Puppenheim', fr: 'Une maison de poupée', it: 'Casa di bambola', es: 'Casa de muñecas', pl: 'Dom lalki', pt: 'Casa de Bonecas', nl: 'Een poppenhuis' }, creator: 'Henrik Ibsen', language: 'en', roles: ['Nora Helmer', 'Torvald Helmer', 'Nils Krogstad', 'Kristine Linde', 'Doktor Rank'], minutes: 140 },
  { genre: 'play', title: 'Der zerbrochne Krug', creator: 'Heinrich von Kleist', language: 'de', roles: ['Adam', 'Eve', 'Walter', 'Frau Marthe Rull', 'Ruprecht'], minutes: 105 },
  { genre: 'play', title: 'Le Misanthrope', creator: 'Molière', language: 'fr', roles: ['Alceste', 'Célimène', 'Philinte', 'Oronte', 'Éliante'], minutes: 135 },
  { genre: 'play', title: 'La locandiera', creator: 'Carlo Goldoni', language: 'it', roles: ['Mirandolina', 'Il Cavaliere di Ripafratta', 'Il Marchese di Forlipopoli', 'Il Conte d’Albafiorita', 'Fabrizio'], minutes: 125 },
  { genre: 'play', title: 'La casa de Bernarda Alba', creator: 'Federico García Lorca', language: 'es', roles: ['Bernarda', 'Adela', 'Martirio', 'La Poncia', 'Angustias'], minutes: 110 },
  { genre: 'play', title: 'Drei Schwestern', localTitles: { en: 'Three Sisters', fr: 'Les Trois Sœurs', it: 'Tre sorelle', es: 'Las tres hermanas', pl: 'Trzy siostry', pt: 'As Três Irmãs', nl: 'Drie zusters' }, creator: 'Anton Tschechow', language: 'ru', roles: ['Olga', 'Mascha', 'Irina', 'Werschinin', 'Tusenbach'], minutes: 170 },
  { genre: 'play', title: 'Woyzeck', creator: 'Georg Büchner', language: 'de', roles: ['Woyzeck', 'Marie', 'Der Hauptmann', 'Der Doktor', 'Andres'], minutes: 95 },
];
