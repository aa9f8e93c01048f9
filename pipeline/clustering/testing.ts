import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { createTracer, type SpanRecord } from '../tracing/tracer.js';
import { createHashingEmbedder } from './embedder.js';
import { extraction, parsedHtml, record, type FieldSpec } from './fixtures.js';
import { createClusterService, type ClusterService, type ClusterServiceOptions } from './service.js';

/**
 * Test support for code built on clusters (tools, CLI, schema proposals): a cluster service over a real store and
 * the in-process bus, and invented pages of two document types on two sites in two languages.
 */
export async function openTestClusterService(
  store: Store,
  opts: { clock?: Clock; options?: Partial<ClusterServiceOptions> } = {},
): Promise<{ clusters: ClusterService; bus: Bus; spans: SpanRecord[]; close(): Promise<void> }> {
  const bus = await createLocalBus({ store });
  const spans: SpanRecord[] = [];
  const tracer = createTracer({ sinks: [{ name: 'memory', onEnd: (s) => void spans.push(s), flush: async () => {}, shutdown: async () => {} }], redact: (v) => v });
  const clusters = createClusterService({
    store,
    bus,
    tracer,
    clock: opts.clock ?? { now: () => new Date() },
    embedder: createHashingEmbedder(),
    options: { minSamples: 4, stableUpdates: 2, ...opts.options },
  });
  return { clusters, bus, spans, close: () => bus.close() };
}

const SITES = {
  de: { host: 'https://www.staatsoper.example.de', words: ['Titel', 'Premiere', 'Preis', 'Dirigent', 'Frist', 'Aktenzeichen'] },
  it: { host: 'https://teatro.example.it', words: ['Titolo', 'Prima', 'Prezzo', 'Direttore', 'Scadenza', 'Protocollo'] },
} as const;
export type DemoLanguage = keyof typeof SITES;

/** An invented opera production page. */
export function productionPage(lang: DemoLanguage, i: number) {
  const { host, words } = SITES[lang];
  const url = `${host}/prod/${i}`;
  const fields: FieldSpec[] = [
    [words[0].toLowerCase(), 'string', `Oper ${i}`, words[0]],
    [words[1].toLowerCase(), 'date', `2025-0${(i % 9) + 1}-1${i % 10}`, words[1]],
    [words[2].toLowerCase(), 'money', { amount: 40 + i, currency: 'EUR' }, words[2]],
    [words[3].toLowerCase(), 'string', `Person ${i}`, words[3]],
    ['dauer', 'duration', 'PT2H30M', 'Dauer'],
  ];
  if (i % 2 === 0) fields.push(['bild', 'url', `${host}/img/${i}.jpg`, 'Bild']);
  return [
    extraction(url, [record(fields)]),
    parsedHtml(url, ['body>header>nav>a', 'body>main.production>h1', 'body>main.production>dl>dd', 'body>main.production>ul.cast>li', 'body>footer>p'], `Oper ${i} – ${lang}`),
  ] as const;
}

/** An invented tender notice page. */
export function noticePage(lang: DemoLanguage, i: number) {
  const { host, words } = SITES[lang];
  const url = `${host}/notice/${i}`;
  return [
    extraction(url, [
      record([
        [words[5].toLowerCase(), 'string', `VG-${1000 + i}`, words[5]],
        [words[4].toLowerCase(), 'date', `2025-1${i % 3}-01`, words[4]],
        ['kontakt', 'email', `vergabe${i}@example.org`, 'Kontakt'],
        ['unterlagen', 'url', `${host}/docs/${i}.pdf`, 'Unterlagen'],
        ['budget', 'money', { amount: null, min: 1000 * i, max: 2000 * i, currency: 'EUR' }, 'Budget'],
      ]),
    ]),
    parsedHtml(url, ['body>header>nav>a', 'body>main.notice>article>h1', 'body>main.notice>article>table>tr>td', 'body>footer>p'], `Ausschreibung ${i}`),
  ] as const;
}

/** `perSite` production and notice pages on each of the two sites, starting at number `offset`. */
export async function addDemoCorpus(clusters: ClusterService, perSite: number, offset = 0): Promise<void> {
  for (let i = offset; i < offset + perSite; i++) {
    for (const lang of ['de', 'it'] as const) {
      await clusters.addExtraction(...productionPage(lang, i));
      await clusters.addExtraction(...noticePage(lang, i));
    }
  }
}
