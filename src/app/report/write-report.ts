import { z } from 'zod';
import { summarizeError } from '../../domain/errors.js';
import { HORIZONS } from '../../domain/horizon.js';
import { LAYOUT, championKey, priceHistoryKey } from '../../domain/layout.js';
import { buildReport } from '../../domain/report/build-report.js';
import type { ChampionFolds, PriceHistory, WatchdogCheck } from '../../domain/report/report-model.js';
import type { ArtifactStore } from '../../ports/artifact-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ReportRenderer } from '../../ports/report-renderer.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';

/** Where the nightly report is written, relative to the home. */
export const REPORT_KEY = `${LAYOUT.nightlyLogs}/report.html`;

export interface WriteReportDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
  readonly artifacts: ArtifactStore;
  readonly renderer: ReportRenderer;
  readonly logger: Logger;
  /** How many runs of history to read (the charts look back 90 days). */
  readonly historyRuns: number;
  /** The unit of the target's prices (`US¢/lb`), or null when unknown: the report claims none then. */
  readonly priceUnit: string | null;
}

export interface WrittenReport {
  readonly html: string;
  /** The key it was written to, or null when only returned. */
  readonly key: string | null;
  readonly charts: number;
}

// Only what the report draws of champion.json and metadata.json; the rest is the training's.
const championFile = z.object({ model_dir: z.string(), model_name: z.string(), version: z.string() });
const metadataFile = z.object({
  folds: z.array(
    z.object({
      cut_date: z.string(),
      target_date: z.string(),
      current_price: z.number(),
      actual_price: z.number(),
      predicted_price: z.number(),
    }),
  ),
});
const priceHistoryFile = z
  .object({ dates: z.array(z.string()), prices: z.array(z.number()) })
  .refine((file) => file.dates.length === file.prices.length, 'dates and prices differ in length');
const watchdogLine = z.object({
  at: z.string(),
  state: z.string(),
  incidentOpen: z.boolean().default(false),
});

/**
 * The operator's report: reads the run history, the champions' walk-forward folds, the price
 * history the last predict stage read, the watchdog's log and the incident (files of the home only: no warehouse), has the domain decide what to
 * chart and the renderer draw it, and writes `Logs/nightly/report.html` atomically (unless
 * `write` is false). Unreadable pieces are left out and logged, never fatal.
 */
export async function writeReport(
  deps: WriteReportDeps,
  options: { readonly write?: boolean } = {},
): Promise<WrittenReport> {
  const [runs, incident, lines] = await Promise.all([
    deps.status.recentRuns(deps.historyRuns),
    deps.status.incident(),
    deps.status.readWatchdogLog(24 * 100),
  ]);
  const model = buildReport({
    now: deps.clock.now(),
    runs,
    champions: await championFolds(deps),
    prices: await priceHistories(deps),
    priceUnit: deps.priceUnit,
    watchdog: lines.flatMap((line): WatchdogCheck[] => {
      try {
        const parsed = watchdogLine.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return []; // a line another tool wrote there (the seed's watchdog writes text)
      }
    }),
    incidentSince: incident?.open?.openedAt ?? null,
  });
  const html = await deps.renderer.render(model);
  if (options.write === false) return { html, key: null, charts: model.charts.length };
  await deps.artifacts.write(REPORT_KEY, html);
  deps.logger.info('report written', { file: REPORT_KEY, charts: model.charts.length });
  return { html, key: REPORT_KEY, charts: model.charts.length };
}

async function championFolds(deps: WriteReportDeps): Promise<ChampionFolds[]> {
  const found: ChampionFolds[] = [];
  for (const horizon of HORIZONS) {
    try {
      const champion = await readJson(deps.artifacts, championKey(horizon), championFile);
      if (champion === undefined) continue;
      const metadata = await readJson(deps.artifacts, `${champion.model_dir}/metadata.json`, metadataFile);
      if (metadata === undefined) continue;
      found.push({
        horizon,
        model: champion.model_name,
        version: champion.version,
        folds: metadata.folds.map((f) => ({
          cutDate: f.cut_date,
          targetDate: f.target_date,
          currentPrice: f.current_price,
          actualPrice: f.actual_price,
          predictedPrice: f.predicted_price,
        })),
      });
    } catch (error) {
      deps.logger.warn('the report leaves out a champion it cannot read', {
        horizon,
        error: summarizeError(error).message,
      });
    }
  }
  return found;
}

async function priceHistories(deps: WriteReportDeps): Promise<PriceHistory[]> {
  const found: PriceHistory[] = [];
  for (const horizon of HORIZONS) {
    try {
      const file = await readJson(deps.artifacts, priceHistoryKey(horizon), priceHistoryFile);
      if (file !== undefined) found.push({ horizon, dates: file.dates, prices: file.prices });
    } catch (error) {
      deps.logger.warn('the report leaves out a price history it cannot read', {
        horizon,
        error: summarizeError(error).message,
      });
    }
  }
  return found;
}

async function readJson<T>(
  artifacts: ArtifactStore,
  key: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const content = await artifacts.read(key);
  if (content === undefined) return undefined;
  const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(content)));
  if (!parsed.success) throw new Error(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
