import type { DatasetResult } from './run.js';

/**
 * Records an eval run in Langfuse as a dataset run through its public API: one dataset per eval dataset, one item per
 * document, one trace per item with the scores. Only what the run measured is sent; document bytes never are.
 */
export interface LangfuseTarget {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  fetch?: typeof fetch;
}

export async function recordLangfuseRun(target: LangfuseTarget, runName: string, results: readonly DatasetResult[]): Promise<{ items: number; scores: number }> {
  const doFetch = target.fetch ?? fetch;
  const auth = `Basic ${Buffer.from(`${target.publicKey}:${target.secretKey}`).toString('base64')}`;
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await doFetch(`${target.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Langfuse ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  };
  let items = 0;
  let scores = 0;
  for (const result of results) {
    const datasetName = `quarry-eval/${result.dataset}`;
    await post('/api/public/datasets', { name: datasetName, description: `Quarry eval dataset ${result.dataset}` });
    for (const doc of result.perDocument) {
      const itemId = slug(`${result.dataset}:${doc.id}`);
      const traceId = slug(`${runName}:${result.stages}:${itemId}`);
      await post('/api/public/dataset-items', { id: itemId, datasetName, input: { document: doc.id } });
      await post('/api/public/ingestion', {
        batch: [
          {
            id: `${traceId}-create`,
            type: 'trace-create',
            timestamp: new Date().toISOString(),
            body: { id: traceId, name: `eval ${result.stages}`, input: { document: doc.id }, output: { valueRecall: doc.valueRecall }, tags: ['quarry-eval'] },
          },
        ],
      });
      // One run per stage set, so the offline and LLM paths compare side by side in Langfuse; the dataset's figures
      // ride along as run metadata.
      await post('/api/public/dataset-run-items', { runName: `${runName} ${result.stages}`, datasetItemId: itemId, traceId, metadata: { stages: result.stages, ...result.metrics } });
      items++;
      if (doc.valueRecall !== null) {
        await post('/api/public/scores', { traceId, name: 'value_recall', value: doc.valueRecall });
        scores++;
      }
    }
  }
  return { items, scores };
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._:-]+/g, '-').slice(0, 200);
}
