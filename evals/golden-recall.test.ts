import { describe, expect, it } from 'vitest';
import { valueRecall } from '../pipeline/extraction/recall.js';
import { offlinePipeline } from './cluster-report.js';
import { loadGoldenDataset } from './datasets/adapters.js';

describe('the offline extractor on the demo sites', () => {
  it.each(['production', 'notice'])('finds at least 90%% of the values a person sees on %s pages', async (type) => {
    const dataset = await loadGoldenDataset();
    let expected = 0;
    let found = 0;
    const missing: string[] = [];
    for (const doc of dataset.documents.filter((d) => d.type === type)) {
      const parsed = await offlinePipeline.parse(doc.input);
      const extraction = parsed ? await offlinePipeline.extract(parsed) : null;
      const r = valueRecall(doc.expectedValues ?? [], extraction?.records ?? []);
      expected += r.expected;
      found += r.found;
      missing.push(...r.missing.map((m) => `${doc.id}: ${m}`));
    }
    expect(expected).toBeGreaterThan(100);
    expect(found / expected, `missing:\n${missing.slice(0, 20).join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });
});
