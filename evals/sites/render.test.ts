import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadGoldenTasks } from '../golden/load.js';
import { serveDemoSites } from './server.js';

const CHROMIUM = process.env['QUARRY_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env['CI']) console.warn(`render.test.ts skipped: no Chromium at ${CHROMIUM} (set QUARRY_CHROMIUM)`);

describe.skipIf(!available && !process.env['CI'])('the JavaScript-only calendar in a real browser', () => {
  it('renders into a table holding exactly the golden performances', async () => {
    const demo = await serveDemoSites();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const site = demo.sites.find((s) => s.id === 'staatsoper-nord');
      const page = await browser.newPage();
      await page.goto(`${site?.url}/spielplan/kalender`);
      await page.waitForSelector('.kalender__tabelle tbody tr');
      const rows = await page.$$eval('.kalender__tabelle tbody tr', (trs) =>
        trs.map((tr) => ({
          datetime: tr.querySelector('time')?.getAttribute('datetime') ?? '',
          title: tr.querySelector('a')?.textContent ?? '',
          venue: tr.querySelectorAll('td')[2]?.textContent ?? '',
          url: tr.querySelector('a')?.getAttribute('href') ?? '',
        })),
      );
      const golden = (await loadGoldenTasks()).find((t) => t.site === 'staatsoper-nord' && t.path === '/spielplan/kalender');
      expect(golden?.requiresJavaScript).toBe(true);
      expect(rows).toEqual(golden?.records);
      await page.close();
    } finally {
      await browser.close();
      await demo.close();
    }
  });
});
