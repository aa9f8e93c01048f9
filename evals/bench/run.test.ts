import { describe, expect, it } from 'vitest';
import { availableBenches, formatResults } from './run.js';

describe('the benchmark runner', () => {
  it('prints each case beside its baseline with time and memory ratios and the goal', () => {
    const text = formatResults('demo', [
      { case: 'quarry 2,000 pages', ms: 1000, items: 2000, peakMiB: 50, baseline: { case: 'crawlee 2,000 pages', ms: 2000, items: 2000, peakMiB: 100 }, goal: { text: 'at least crawlee pages/s', met: true } },
    ]);
    const row = text.split('\n').find((l) => l.startsWith('quarry')) ?? '';
    expect(row).toMatch(/quarry 2,000 pages\s+1000\s+2000\s+50\.0\s+crawlee 2,000 pages\s+2000\s+1000\s+100\.0\s+0\.50\s+0\.50\s+met: at least crawlee pages\/s/);
  });

  it('finds the benchmarks by file name, not the runner itself', () => {
    const names = availableBenches();
    expect(names).not.toContain('run');
    expect(names).not.toContain('types');
  });
});
