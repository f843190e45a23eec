/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VegaReportRenderer } from '../../src/adapters/vega/vega-report-renderer.js';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { REPORT_KEY, writeReport, type WrittenReport } from '../../src/app/report/write-report.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { ageHome } from '../support/aged-home.js';
import { REPO_ROOT } from '../support/repo.js';
import { tempHome } from '../support/temp-home.js';

const CHROMIUM = '/usr/bin/chromium';
const NIGHTS = 45;
const FIRST = '2020-03-01T05:59:00Z';
// Where a person finds the screenshots the test took (.cache is not committed).
const SHOTS = join(REPO_ROOT, '.cache', 'report-screenshots');

/**
 * The report of a home aged 45 nights (real runs on the real soybean-oil series, three nights
 * failing in a row, hourly watchdog checks), opened from disk in Debian's headless Chromium.
 */
describe.skipIf(!existsSync(CHROMIUM))(
  `report in a real browser${existsSync(CHROMIUM) ? '' : ` (skipped: ${CHROMIUM} is missing; .ci/run installs Debian's chromium)`}`,
  () => {
    let home: string;
    let dispose: () => Promise<void>;
    let browser: Browser;
    let report: WrittenReport;

    beforeAll(async () => {
      ({ home, dispose } = await tempHome());
      await ageHome({
        home,
        soyOil: await SoyOilTableBuilder.load(),
        nights: NIGHTS,
        firstNight: FIRST,
        horizons: ['1m', '3m'],
        failingNights: new Set([20, 21, 22]),
        watchdogChecksPerDay: 2,
      });
      const logger = new FakeLogger();
      report = await writeReport({
        clock: new FakeClock(new Date(Date.parse(FIRST) + NIGHTS * 86_400_000)),
        status: new FsStatusStore({ home, host: 'aged-host' }, logger),
        artifacts: new FsArtifactStore({ home }),
        renderer: new VegaReportRenderer(),
        logger,
        historyRuns: 400,
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      await mkdir(SHOTS, { recursive: true });
    }, 600_000);
    afterAll(async () => {
      await browser?.close();
      await dispose();
    });

    it.each([
      { device: 'laptop', width: 1280, height: 800, svg: 'wide' },
      { device: 'phone', width: 390, height: 844, svg: 'narrow' },
    ])(
      'loads from disk on a $device with no console error and no request, every chart drawn with all its points',
      async ({ device, width, height, svg }) => {
        const context = await browser.newContext({ viewport: { width, height }, offline: true });
        const page = await context.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('request', (request) => requests.push(request.url()));
        const url = pathToFileURL(join(home, REPORT_KEY)).href;
        await page.goto(url, { waitUntil: 'load' });
        expect(errors).toEqual([]);
        expect(requests).toEqual([url]);

        const charts = await page.$$eval(
          'figure.chart',
          (figures, size) =>
            figures.map((f) => {
              const drawn = f.querySelector(`svg.${size}`);
              const shown = drawn !== null && getComputedStyle(drawn).display !== 'none';
              const marks = drawn?.querySelectorAll(
                '[aria-roledescription="point"], [aria-roledescription="bar"]',
              ).length;
              return {
                id: f.id,
                points: Number(f.getAttribute('data-points')),
                rows: f.querySelectorAll('details tbody tr').length,
                marks: marks ?? -1,
                shown,
                title: f.querySelector('figcaption h3')?.textContent ?? '',
                alt: f.querySelector('figcaption .alt')?.textContent ?? '',
                labelled: drawn?.getAttribute('aria-labelledby') ?? '',
                width: drawn?.getBoundingClientRect().width ?? 0,
              };
            }),
          svg,
        );
        expect(charts.map((c) => c.id)).toEqual([
          'chart-forecast-1m',
          'chart-walk-forward-1m',
          'chart-forecast-3m',
          'chart-walk-forward-3m',
          'chart-run-strip',
          'chart-stage-durations',
          'chart-watchdog',
          'chart-freshness',
          'chart-quality',
        ]);
        expect(charts).toHaveLength(report.charts);
        for (const chart of charts) {
          expect(chart.points, chart.id).toBeGreaterThan(0);
          // one mark per data point, and the same points in the data table beside it
          expect(chart.marks, chart.id).toBe(chart.points);
          expect(chart.rows, chart.id).toBe(chart.points);
          expect(chart.shown, chart.id).toBe(true);
          expect(chart.title.length, chart.id).toBeGreaterThan(10);
          expect(chart.alt.length, chart.id).toBeGreaterThan(30);
          expect(chart.labelled, chart.id).toBe(`${chart.id}-title ${chart.id}-desc`);
          // it fits the screen: no chart wider than the page
          expect(chart.width, chart.id).toBeLessThanOrEqual(width);
        }
        // nothing sticks out sideways on a phone
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // the failed nights are there: the strip has failed runs, the watchdog opened an incident
        expect(await page.textContent('#chart-run-strip .alt')).toContain('3 failed');
        expect(await page.locator('#chart-watchdog tbody td', { hasText: 'open' }).count()).toBeGreaterThan(
          0,
        );
        await page.screenshot({ path: join(SHOTS, `report-${device}.png`), fullPage: true });
        await context.close();
      },
      120_000,
    );
  },
);
