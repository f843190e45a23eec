/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContainerModule } from 'inversify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VegaReportRenderer } from '../../src/adapters/vega/vega-report-renderer.js';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { loadConfig } from '../../src/app/config/load-config.js';
import { sourceConfigSchema } from '../../src/app/config/source-config.js';
import { priceUnitOf } from '../../src/domain/data/target-price-unit.js';
import { REPORT_KEY, writeReport, type WrittenReport } from '../../src/app/report/write-report.js';
import { openAutopilot } from '../../src/autopilot.js';
import type { RunRecord } from '../../src/domain/night/run.js';
import { MODEL_TRAINERS } from '../../src/ports/model-trainer.port.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { ageHome } from '../support/aged-home.js';
import { fakeTrainers } from '../support/ml-night.js';
import { REPO_ROOT } from '../support/repo.js';
import { tempHome } from '../support/temp-home.js';

const CHROMIUM = '/usr/bin/chromium';
const DAY = 86_400_000;
// Where a person finds the screenshots the test took (.cache is not committed).
const SHOTS = join(REPO_ROOT, '.cache', 'report-screenshots');
const SCREENS = [
  { device: 'laptop', width: 1366, height: 768, svg: 'wide' },
  { device: 'phone', width: 390, height: 844, svg: 'narrow' },
] as const;

interface Home {
  readonly home: string;
  readonly dispose: () => Promise<void>;
}

/** What a person sees of one chart, measured in the browser. */
interface SeenChart {
  readonly id: string;
  readonly points: number;
  readonly rows: number;
  readonly marks: number;
  readonly shown: boolean;
  readonly title: string;
  readonly alt: string;
  readonly labelled: string;
  readonly width: number;
  readonly captionWidth: number;
  readonly legend: readonly string[];
  /** Pairs of visible texts (axis labels, titles, legend) whose boxes overlap. */
  readonly overlaps: readonly string[];
  /** Visible texts and marks that stick out of the drawing. */
  readonly clipped: readonly string[];
}

async function look(page: Page, svg: 'wide' | 'narrow'): Promise<SeenChart[]> {
  return page.$$eval(
    'figure.chart',
    (figures, size) =>
      figures.map((f) => {
        const drawn = f.querySelector(`svg.${size}`);
        const shown = drawn !== null && getComputedStyle(drawn).display !== 'none';
        const box = drawn?.getBoundingClientRect();
        const visible = (e: Element): boolean => {
          const o = e.getAttribute('opacity');
          return (o === null || Number(o) > 0) && (e.textContent ?? '').trim() !== '';
        };
        const texts = [...(drawn?.querySelectorAll('text') ?? [])].filter(visible);
        const rects = texts.map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
        const overlaps: string[] = [];
        for (let i = 0; i < rects.length; i++)
          for (let j = i + 1; j < rects.length; j++) {
            const a = rects[i];
            const b = rects[j];
            if (a === undefined || b === undefined) continue;
            // a pixel of slack: glyph boxes of neighbouring lines touch
            const dx = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const dy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (dx > 1 && dy > 1) overlaps.push(`${a.text} / ${b.text}`);
          }
        const marks = [
          ...(drawn?.querySelectorAll('[aria-roledescription="point"], [aria-roledescription="bar"]') ?? []),
        ];
        const clipped = [...rects, ...marks.map((m) => ({ text: 'a mark', r: m.getBoundingClientRect() }))]
          .filter(
            ({ r }) =>
              box !== undefined &&
              (r.left < box.left - 1 ||
                r.right > box.right + 1 ||
                r.top < box.top - 1 ||
                r.bottom > box.bottom + 1),
          )
          .map(({ text }) => text);
        return {
          id: f.id,
          points: Number(f.getAttribute('data-points')),
          rows: f.querySelectorAll('details tbody tr').length,
          marks: marks.length,
          shown,
          title: f.querySelector('figcaption h3')?.textContent ?? '',
          alt: f.querySelector('figcaption .alt')?.textContent ?? '',
          labelled: drawn?.getAttribute('aria-labelledby') ?? '',
          width: box?.width ?? 0,
          captionWidth: f.querySelector('figcaption')?.getBoundingClientRect().width ?? 0,
          legend: [...(drawn?.querySelectorAll('.role-legend-label text') ?? [])]
            .filter(visible)
            .map((t) => t.textContent ?? ''),
          overlaps,
          clipped,
        };
      }),
    svg,
  );
}

/** Texts of the page (HTML and the drawings) whose colour is too faint on their background. */
async function faintTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (colour: string): [number, number, number, number] => {
      const [r = 0, g = 0, b = 0, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, colour.startsWith('rgba') ? a : 1];
    };
    const luminance = ([r, g, b]: readonly number[]): number => {
      const [R = 0, G = 0, B = 0] = [r, g, b].map((v) => {
        const c = (v ?? 0) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const background = (e: Element | null): [number, number, number, number] => {
      for (let at = e; at !== null; at = at.parentElement) {
        const colour = rgb(getComputedStyle(at).backgroundColor);
        if (colour[3] > 0) return colour;
      }
      return [255, 255, 255, 1];
    };
    const faint: string[] = [];
    for (const e of document.querySelectorAll('main *')) {
      const own = [...e.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
      );
      // drawn only: not the other size's drawing, not a closed data table
      if (!own || e.getClientRects().length === 0) continue;
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      // an SVG text's colour is its fill
      const text = rgb(e instanceof SVGElement ? style.fill : style.color);
      const [l1, l2] = [luminance(text), luminance(background(e))].sort((a, b) => b - a);
      const ratio = ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05);
      if (ratio < 4.5) faint.push(`${(e.textContent ?? '').trim().slice(0, 40)} (${ratio.toFixed(2)}:1)`);
    }
    return faint;
  });
}

/**
 * Opens the report from disk on a laptop and a phone and checks what a person would: no console
 * error, nothing fetched, every chart drawn with all its points, a legend, no label over another,
 * nothing sticking out; keeps full-page and first-screen screenshots. Returns the pages' texts.
 */
async function checkReport(
  browser: Browser,
  name: string,
  home: string,
  /** Charts with no data in this home (they say so instead of drawing an empty frame). */
  empty: readonly string[] = [],
): Promise<Map<string, SeenChart[]>> {
  const seen = new Map<string, SeenChart[]>();
  for (const { device, width, height, svg } of SCREENS) {
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
    await page.screenshot({ path: join(SHOTS, `${name}-${width}-first-screen.png`) });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    const charts = await look(page, svg);
    const main = await page.$eval('main', (m) => m.getBoundingClientRect().width);
    for (const chart of charts) {
      const at = `${name} ${device} ${chart.id}`;
      expect(chart.points === 0, at).toBe(empty.includes(chart.id));
      if (chart.points === 0) continue;
      // one mark per data point, and the same points in the data table beside it
      expect(chart.marks, at).toBe(chart.points);
      expect(chart.rows, at).toBe(chart.points);
      expect(chart.shown, at).toBe(true);
      expect(chart.title.length, at).toBeGreaterThan(10);
      expect(chart.alt.length, at).toBeGreaterThan(30);
      expect(chart.labelled, at).toBe(`${chart.id}-title ${chart.id}-desc`);
      expect(chart.legend.length, `${at}: a legend`).toBeGreaterThan(0);
      expect(chart.overlaps, `${at}: labels over labels`).toEqual([]);
      expect(chart.clipped, `${at}: cut off at the drawing's edge`).toEqual([]);
      // it fits the screen, and its caption has the page's width, not a sliver of it
      expect(chart.width, at).toBeLessThanOrEqual(width);
      expect(chart.captionWidth, at).toBeGreaterThan(Math.min(main - 40, 440));
    }
    // nothing sticks out sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // dark text on light: every text a person reads has a contrast of 4.5:1 at least (WCAG AA)
    expect(await faintTexts(page)).toEqual([]);
    // the first screen leads with what needs attention: it is on screen without scrolling
    const attention = await page.$eval('#attention', (h) => h.getBoundingClientRect().top);
    expect(attention).toBeLessThan(height / 3);
    seen.set(device, charts);
    await context.close();
  }
  return seen;
}

async function agedReport(
  home: string,
  options: Omit<Parameters<typeof ageHome>[0], 'home' | 'soyOil'>,
  now: Date,
): Promise<WrittenReport> {
  await ageHome({ home, soyOil: await SoyOilTableBuilder.load(), ...options });
  const logger = new FakeLogger();
  return writeReport({
    clock: new FakeClock(now),
    status: new FsStatusStore({ home, host: 'aged-host' }, logger),
    artifacts: new FsArtifactStore({ home }),
    renderer: new VegaReportRenderer(),
    logger,
    historyRuns: 400,
    // the default source: FRED's soybean oil, in its publisher's unit
    priceUnit: priceUnitOf(sourceConfigSchema.parse({})),
  });
}

describe.skipIf(!existsSync(CHROMIUM))(
  `the report in a real browser${existsSync(CHROMIUM) ? '' : ` (skipped: ${CHROMIUM} is missing; .ci/run installs Debian's chromium)`}`,
  () => {
    let browser: Browser;
    const homes: Home[] = [];
    const home = async (): Promise<string> => {
      const made = await tempHome();
      homes.push(made);
      return made.home;
    };

    beforeAll(async () => {
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
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      for (const made of homes) await made.dispose();
    });

    it('FRED, 45 nights ending in an incident: three failed nights in a row, the watchdog alerting', async () => {
      // real runs on the real soybean-oil series, the last three nights failing, hourly checks
      const dir = await home();
      const first = '2020-03-01T05:59:00Z';
      const report = await agedReport(
        dir,
        {
          nights: 45,
          firstNight: first,
          horizons: ['1m', '3m'],
          failingNights: new Set([42, 43, 44]),
          watchdogChecksPerDay: 2,
        },
        new Date(Date.parse(first) + 45 * DAY),
      );
      const seen = await checkReport(browser, 'fred-incident', dir);
      expect(seen.get('laptop')?.map((c) => c.id)).toEqual([
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
      expect(seen.get('laptop')).toHaveLength(report.charts);
      const page = await readFile(join(dir, REPORT_KEY), 'utf8');
      // the first screen says the run failed and the incident is open, before any chart
      const first3 = page.indexOf('id="attention-run"');
      expect(first3).toBeGreaterThan(0);
      expect(first3).toBeLessThan(page.indexOf('<figure'));
      expect(page).toMatch(/id="attention-run"><span class="tag">Last run: failed\./);
      expect(page).toMatch(
        /id="attention-incident"><span class="tag">Incident open<\/span>since 2020-04-1\d/,
      );
      // the walk-forward charts say which line is which
      const walk = seen.get('laptop')?.find((c) => c.id === 'chart-walk-forward-1m');
      expect(walk?.legend).toEqual(['LightGBM', 'XGBoost', 'naive (no change)']);
      expect(page).toContain('3 failed');
    }, 600_000);

    it('FRED, a year of nights: a season of points on every chart, dates across two years', async () => {
      const dir = await home();
      const first = '2019-06-01T05:59:00Z';
      await agedReport(
        dir,
        { nights: 365, firstNight: first, horizons: ['1m'], watchdogChecksPerDay: 1 },
        new Date(Date.parse(first) + 365 * DAY),
      );
      const seen = await checkReport(browser, 'fred-year', dir);
      const laptop = seen.get('laptop') ?? [];
      // a forecast per month of the year (monthly data), over three years of real prices
      const forecast = laptop.find((c) => c.id === 'chart-forecast-1m');
      expect(forecast?.alt).toMatch(
        /37 real values from 2017-04-01 to 2020-04-01; 12 published 1m forecasts/,
      );
      // the last 90 days of runs: one symbol and one bar each
      expect(laptop.find((c) => c.id === 'chart-run-strip')?.points).toBe(90);
      expect(laptop.find((c) => c.id === 'chart-stage-durations')?.alt).toContain('one bar per run (90 runs');
      const page = await readFile(join(dir, REPORT_KEY), 'utf8');
      expect(page).toContain('prices in USD/t');
    }, 900_000);

    it('CBI-V14’s production tables: the horizons not forecast and why, the data’s age, prices in US cents per pound', async () => {
      const dir = await home();
      const config = await loadConfig({
        home: dir,
        env: { CBI_SOURCE_KIND: 'tables', CBI_SOURCE_DIR: CBI_DIR },
        overrides: { source: { priceUnit: 'US¢/lb' } },
      });
      const trainers = new ContainerModule((options) => {
        options.rebind(MODEL_TRAINERS).toConstantValue(fakeTrainers());
      });
      const autopilot = await openAutopilot({ config, logger: new FakeLogger(), modules: [trainers] });
      const run: RunRecord = await autopilot.runNight().finally(() => autopilot.close());
      // one night: the watchdog has not checked yet
      const seen = await checkReport(browser, 'cbi-v14', dir, ['chart-watchdog']);
      const page = await readFile(join(dir, REPORT_KEY), 'utf8');
      const notForecast = run.horizons.filter((h) => !page.includes(`<tr data-horizon="${h}">`));
      expect(notForecast.length).toBeGreaterThan(0);
      // every horizon without a forecast is on the first screen, with the predict stage's reason
      const attention = page.slice(
        page.indexOf('id="attention-not-forecast"'),
        page.indexOf('id="attention-incident"'),
      );
      expect(attention).toContain(`${notForecast.length} of ${run.horizons.length} horizons not forecast.`);
      for (const h of notForecast) expect(attention).toMatch(new RegExp(`<li><b>${h}</b>: \\S.{20,}</li>`));
      // the night's own verdict leads: nothing forecast from current data is a degraded night
      expect(run.state).toBe('degraded');
      expect(page).toMatch(
        /id="attention-delivery"><span class="tag">Degraded: 0 of 1 expected current forecast\.<\/span>/,
      );
      expect(page.indexOf('id="attention-delivery"')).toBeLessThan(
        page.indexOf('id="attention-not-forecast"'),
      );
      // the data is over a year old, counted from the report
      expect(page).toMatch(/id="attention-data-age"><span class="tag">Data: \d{3,} days old at most\./);
      // the unit the config gives, never FRED's
      expect(page).toContain('price (US¢/lb)');
      expect(page).not.toContain('USD/t');
      // every horizon has the table's real prices, whichever model published
      for (const chart of seen.get('laptop') ?? [])
        if (chart.id.startsWith('chart-forecast-')) expect(chart.points, chart.id).toBeGreaterThan(700);
      // the quality chart counts every severity, trim included, one bar per run
      const quality = seen.get('laptop')?.find((c) => c.id === 'chart-quality');
      expect(quality?.legend).toEqual(expect.arrayContaining(['blocking', 'trim', 'warning']));
      const counted = /(\d+) trim/.exec(quality?.alt ?? '');
      expect(Number(counted?.[1])).toBeGreaterThan(0);
    }, 600_000);
  },
);
