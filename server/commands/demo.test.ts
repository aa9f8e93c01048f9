import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

describe('quarry demo', () => {
  it('runs the whole flow on the embedded defaults and prints the loaded rows under the renamed column', async () => {
    const lines: string[] = [];
    const result = await runDemo({ out: (line) => void lines.push(line), env: {} });
    try {
      const text = lines.join('\n');
      expect(result, text).toMatchObject({ rows: 14, table: 'quarry.opera_productions' });
      expect(text).toMatch(/1\. Crawling 4 demo sites/);
      expect(text).toMatch(/2\. Extracted every value from \d+ documents/);
      expect(text).toMatch(/Approved with conductor → music_director: quarry\.opera_productions holds 14 rows/);
      expect(text).toMatch(/SELECT title, music_director, director, dates_start FROM quarry\.opera_productions/);
      expect(lines.filter((l) => /^ {3}\d{4}-\d{2}-\d{2}/.test(l)).length).toBeGreaterThan(3);
    } finally {
      rmSync(result.dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
