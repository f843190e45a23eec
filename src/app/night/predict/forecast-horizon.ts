import { ModelCorruptError, ModelMismatchError, summarizeError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import { addPeriods } from '../../../domain/data/period-dates.js';
import { missingPeriods } from '../../../domain/data/trading-calendar.js';
import type { PredictionRow } from '../../../domain/data/warehouse-types.js';
import { forecastBand, withinBand, type ForecastBandSettings } from '../../../domain/model/forecast-band.js';
import { ageText, dataAge } from '../../../domain/data/data-age.js';
import { modelHasSkill, type ModelMetadata } from '../../../domain/model/model-metadata.js';
import { conformalInterval, type PredictionInterval } from '../../../domain/model/prediction-interval.js';
import { decidePublication, type Publication, type SkillPolicy } from '../../../domain/model/skill-gate.js';
import type { DeliveryPolicy } from '../../../domain/night/night-delivery.js';
import type {
  ChampionRepair,
  HorizonNotForecast,
  HorizonPrediction,
  SkillTestFields,
  UnreadableChampion,
} from '../../../domain/night/stage-details.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { StageContext } from '../stage.js';
import type { AuditedTable, TableSettings } from '../table/audit-horizon.js';
import type { ModelRegistry } from '../train/model-registry.js';
import { skillTestDetails } from '../train/train-summary.js';
import { relaxHint } from '../stages/quality-verdict.js';
import { trainingData } from '../train/training-data.js';
import { repairChampion } from './champion-repair.js';
import { forecastRow, hasDrift, type ModelForecast } from './model-forecast.js';

export interface ForecastSettings {
  readonly threads: number;
  readonly jobTimeoutMs: number;
  readonly table: TableSettings;
  readonly skill: SkillPolicy;
  readonly band: ForecastBandSettings;
  /** Nominal coverage of each forecast's prediction interval (training.interval.level). */
  readonly intervalLevel: number;
  /** How old the data may be for a current forecast, and what becomes of an older one. */
  readonly delivery: Pick<DeliveryPolicy, 'maxDataAge' | 'staleForecasts'>;
}

export interface ForecastDeps {
  readonly registry: ModelRegistry;
  readonly trainers: readonly ModelTrainer[];
  readonly clock: Clock;
  readonly settings: ForecastSettings;
}

export type Row = Omit<PredictionRow, 'run_id' | 'created_at'>;

/** The table's trusted real prices up to the row forecast from, oldest first (the report draws them). */
export interface PriceHistory {
  readonly dates: readonly string[];
  readonly prices: readonly number[];
}

/** A horizon's forecasts, or why it has none tonight (an expected outcome, not a failure). */
export type HorizonForecast =
  | {
      readonly kind: 'published';
      readonly rows: readonly Row[];
      readonly details: Omit<HorizonPrediction, 'trained_tonight'>;
      readonly history: PriceHistory;
    }
  | {
      readonly kind: 'not_forecast';
      readonly reason: string;
      readonly details: Omit<HorizonNotForecast, 'trained_tonight'>;
      readonly history?: PriceHistory;
    };

/**
 * The forecast of one horizon from its newest trusted row, by the champion and the newest
 * version of each library. What is published (the row marked champion) follows the skill gate:
 * the champion when models beat the naive forecast, else the naive forecast flagged as such (or
 * the last champion with skill, as configured). A forecast outside the sanity band around the
 * current price is not published. A champion whose model file is damaged is set aside and
 * replaced by an intact version with skill before anything is published.
 */
export async function forecastHorizon(
  deps: ForecastDeps,
  audited: AuditedTable,
  context: StageContext,
): Promise<HorizonForecast> {
  const horizon = audited.info.horizon;
  const report = audited.audit.report;
  const blocking = report.findings.find((f) => f.severity === 'blocking');
  if (blocking !== undefined)
    return notForecast(`blocked by the quality gate: ${blocking.message}; ${relaxHint(blocking)}`, {
      rule: blocking.rule,
    });
  const { data } = trainingData(audited);
  const n = data.dates.length;
  let latest = n - 1;
  while (latest >= 0 && !(data.rowTrusted[latest] === true && (data.prices[latest] ?? 0) > 0)) latest -= 1;
  const asOf = data.dates[latest];
  const lastDate = data.dates[n - 1] ?? '';
  if (asOf === undefined) return notForecast('no row of the table can be trusted to forecast from', {});
  const behind = missingPeriods(asOf, lastDate, audited.info.frequency) + (asOf < lastDate ? 1 : 0);
  const limit = deps.settings.table.quality.maxAgePeriods[audited.info.frequency];
  const history = priceHistory(data, latest);
  if (behind > limit)
    return {
      ...notForecast(
        `the newest trusted row, ${asOf}, is ${behind} periods before the table's newest row ${lastDate} (limit ${limit}): the rows after it are not trusted (see the quality report)`,
        { as_of_date: asOf, table_last_date: lastDate, frequency: audited.info.frequency },
      ),
      history,
    };
  // the data's age is counted from the clock: a table whose rows all stopped in 2025 is not
  // current in 2026 however well its newest rows are trusted
  const frequency = audited.info.frequency;
  const age = dataAge(asOf, frequency, deps.clock.now());
  const ageLimit = deps.settings.delivery.maxDataAge[frequency];
  const stale = age.periods > ageLimit;
  const aged = {
    as_of_date: asOf,
    table_last_date: lastDate,
    frequency,
    data_age_periods: age.periods,
    data_age_days: age.days,
  };
  if (stale && deps.settings.delivery.staleForecasts === 'withhold')
    return {
      ...notForecast(
        `the data is too old: the newest trusted row ${asOf} is ${ageText(age, frequency)} old on ${age.today} (limit ${ageLimit}, run.delivery.maxDataAge.${frequency}); refresh the source tables`,
        aged,
      ),
      history,
    };
  const current = data.prices[latest] ?? Number.NaN;
  const { registry } = deps;
  const margin = deps.settings.skill.margin;
  let championUnreadable: string | undefined;
  let champion = await registry.champion(horizon).catch((error: unknown) => {
    championUnreadable = summarizeError(error).message;
    context.logger.warn('champion unreadable: treated as none', { horizon, error: championUnreadable });
    return undefined;
  });
  const newest: ModelMetadata[] = [];
  for (const trainer of deps.trainers) {
    const one = await registry.latest(horizon, trainer.library).catch(() => undefined);
    if (one !== undefined) newest.push(one);
  }
  const forecasts = new Map<string, ModelForecast>();
  const failures: Record<string, string> = {};
  const setAside: string[] = [];
  let repair: ChampionRepair | undefined;
  let unreadable: ModelMetadata | undefined;
  const forecast = async (metadata: ModelMetadata): Promise<void> => {
    const key = keyOf(metadata);
    if (forecasts.has(key) || failures[key] !== undefined) return;
    try {
      forecasts.set(
        key,
        await forecastRow({ ...deps.settings, ...deps }, metadata, audited, latest, context.signal),
      );
    } catch (error) {
      if (context.signal.aborted) throw error;
      const isChampion = champion !== undefined && keyOf(champion.metadata) === key;
      if (error instanceof ModelMismatchError) {
        // an intact model this library cannot read (a newer version trained it): not corrupt,
        // so kept where it is, and not a failed night
        failures[key] = error.message;
        if (isChampion) unreadable = metadata;
        return;
      }
      if (!(error instanceof ModelCorruptError)) {
        if (isChampion) throw error;
        failures[key] = summarizeError(error).message;
        return;
      }
      failures[key] = error.message;
      if (isChampion && champion !== undefined) {
        repair = await repairChampion(
          { registry, clock: deps.clock, logger: context.logger, margin },
          { horizon, runId: context.runId },
          { ...champion, error },
        );
        setAside.push(repair.set_aside);
        champion = await registry.champion(horizon).catch(() => undefined);
        if (champion !== undefined) await forecast(champion.metadata);
      } else {
        setAside.push(
          await registry.setAside(metadata, `model file corrupt: ${error.message}`, deps.clock.now()),
        );
      }
    }
  };
  if (champion !== undefined) await forecast(champion.metadata);
  for (const metadata of newest) await forecast(metadata);
  let unreadableChampion: UnreadableChampion | undefined;
  if (unreadable !== undefined) {
    unreadableChampion = await replaceUnreadableChampion(
      { registry, clock: deps.clock, trainers: deps.trainers, margin },
      { horizon, runId: context.runId },
      { metadata: unreadable, error: failures[keyOf(unreadable)] ?? '' },
      newest.filter((m) => forecasts.has(keyOf(m))),
    );
    champion = await registry.champion(horizon).catch(() => undefined);
    context.logger.warn('champion unreadable by this library version', { horizon, ...unreadableChampion });
  }

  const usable = newest.filter((m) => forecasts.has(keyOf(m)));
  let publication: Publication = decidePublication(
    champion === undefined || !forecasts.has(keyOf(champion.metadata))
      ? undefined
      : {
          modelName: champion.metadata.model_name,
          version: champion.metadata.version,
          skilled: modelHasSkill(champion.metadata, margin),
        },
    usable.map((m) => ({
      modelName: m.model_name,
      version: m.version,
      skilled: modelHasSkill(m, margin),
    })),
    deps.settings.skill,
  );
  const band = forecastBand(data.prices, data.rowTrusted, data.lead, deps.settings.band);
  const rejected: NonNullable<HorizonPrediction['rejected']>[number][] = [];
  const rows: Row[] = [];
  for (const f of forecasts.values()) {
    const predictedPrice = current * (1 + f.predictedReturn);
    const published =
      publication.kind === 'champion' &&
      keyOf(f.metadata) === `${publication.modelName}/${publication.version}`;
    if (band !== undefined && !withinBand(current, predictedPrice, band)) {
      rejected.push({
        model: f.metadata.model_name,
        version: f.metadata.version,
        predicted_price: predictedPrice,
        low: current * band.low,
        high: current * band.high,
      });
      if (published)
        publication = {
          kind: 'naive',
          reason: `the champion's forecast ${predictedPrice.toPrecision(6)} lies outside the sanity band ${(current * band.low).toPrecision(6)} .. ${(current * band.high).toPrecision(6)} around the current price ${current}: the naive forecast is published`,
        };
      continue;
    }
    rows.push({
      as_of_date: asOf,
      horizon,
      target_date: addPeriods(asOf, f.metadata.horizon_periods, f.metadata.frequency),
      current_price: current,
      predicted_price: predictedPrice,
      predicted_return: f.predictedReturn,
      model_name: f.metadata.model_name,
      model_version: f.metadata.version,
      surface: SURFACE,
      is_champion: published,
      has_skill: modelHasSkill(f.metadata, margin),
      ...intervalColumns(
        conformalInterval(
          f.metadata.folds.map((fold) => ({ predicted: fold.predicted_price, actual: fold.actual_price })),
          predictedPrice,
          deps.settings.intervalLevel,
        ),
      ),
    });
  }
  if (publication.kind === 'naive') {
    // the naive forecast's own walk-forward errors, on the folds the models were scored on
    const scored = [...forecasts.values()][0]?.metadata.folds ?? [];
    const naiveBand = conformalInterval(
      scored.map((fold) => ({ predicted: fold.current_price, actual: fold.actual_price })),
      current,
      deps.settings.intervalLevel,
    );
    rows.push({ ...naiveRow(horizon, asOf, current, data.lead, audited), ...intervalColumns(naiveBand) });
  }
  const drift = Object.fromEntries(
    [...forecasts.values()]
      .filter((f) => hasDrift(f.drift))
      .map((f) => [
        keyOf(f.metadata),
        { missing: f.drift.missing, unseen_categories: f.drift.unseenCategories },
      ]),
  );
  const shown = rows.find((r) => r.is_champion);
  return {
    kind: 'published',
    rows,
    history,
    details: {
      ...aged,
      // published although the data is older than the limit (run.delivery.staleForecasts: flag)
      ...(stale ? { stale: true } : {}),
      current_price: current,
      lead: data.lead,
      target_date: shown?.target_date ?? null,
      // the published forecast (a model's or the naive one), as cbi status and the report show it
      champion:
        shown === undefined
          ? null
          : {
              model: shown.model_name,
              version: shown.model_version,
              predicted_price: shown.predicted_price,
              predicted_return: shown.predicted_return,
              interval:
                shown.interval_level === undefined ||
                shown.interval_low === undefined ||
                shown.interval_high === undefined
                  ? null
                  : { level: shown.interval_level, low: shown.interval_low, high: shown.interval_high },
            },
      published:
        publication.kind === 'champion'
          ? {
              kind: 'champion',
              model: publication.modelName,
              version: publication.version,
              reason: publication.reason,
              has_skill: true,
              ...skillTestOf(forecasts.get(`${publication.modelName}/${publication.version}`)?.metadata),
            }
          : { kind: 'naive', reason: publication.reason, has_skill: false },
      models: rows.map((r) => ({
        model: r.model_name,
        version: r.model_version,
        predicted_price: r.predicted_price,
        has_skill: r.has_skill ?? null,
        published: r.is_champion,
        ...trainedWith(forecasts.get(`${r.model_name}/${r.model_version}`)?.metadata),
        ...skillTestOf(forecasts.get(`${r.model_name}/${r.model_version}`)?.metadata),
      })),
      ...(band === undefined
        ? {}
        : { band: { low: current * band.low, high: current * band.high, largest_move: band.largestMove } }),
      ...(rejected.length > 0 ? { rejected } : {}),
      ...(Object.keys(failures).length > 0 ? { failures } : {}),
      ...(Object.keys(drift).length > 0 ? { schema_drift: drift } : {}),
      ...(repair === undefined ? {} : { corrupt_champion: repair }),
      // the fallback is the run's to show, not only the log's
      ...(championUnreadable === undefined ? {} : { champion_unreadable: championUnreadable }),
      ...(unreadableChampion === undefined ? {} : { unreadable_champion: unreadableChampion }),
      ...(setAside.length > 0 ? { set_aside: setAside } : {}),
    },
  };
}

/** The naive forecast as a row: no change from the current price, flagged as without skill. */
function naiveRow(horizon: Horizon, asOf: string, current: number, lead: number, audited: AuditedTable): Row {
  return {
    as_of_date: asOf,
    horizon,
    target_date: addPeriods(asOf, lead, audited.info.frequency),
    current_price: current,
    predicted_price: current,
    predicted_return: 0,
    model_name: 'naive',
    // the same forecast whichever run makes it: a re-run replaces it instead of adding one
    model_version: 'naive',
    surface: SURFACE,
    is_champion: true,
    has_skill: false,
  };
}

function priceHistory(
  data: {
    readonly dates: ArrayLike<string>;
    readonly prices: ArrayLike<number>;
    readonly rowTrusted: ArrayLike<boolean>;
  },
  latest: number,
): PriceHistory {
  const dates: string[] = [];
  const prices: number[] = [];
  for (let i = 0; i <= latest; i++) {
    const date = data.dates[i];
    const price = data.prices[i];
    if (date === undefined || price === undefined || data.rowTrusted[i] !== true || !(price > 0)) continue;
    dates.push(date);
    prices.push(price);
  }
  return { dates, prices };
}

function notForecast(
  reason: string,
  details: Omit<HorizonNotForecast, 'published' | 'reason' | 'trained_tonight'>,
): HorizonForecast {
  return { kind: 'not_forecast', reason, details: { published: null, reason, ...details } };
}

/** A band as the prediction row's columns (none when the walk-forward had too few forecasts for the level). */
function intervalColumns(
  band: PredictionInterval | undefined,
): Pick<Row, 'interval_low' | 'interval_high' | 'interval_level'> {
  return band === undefined
    ? {}
    : { interval_low: band.low, interval_high: band.high, interval_level: band.level };
}

function keyOf(metadata: ModelMetadata): string {
  return `${metadata.model_name}/${metadata.version}`;
}

/** The test behind a model's skill verdict: statistic, p-value, counts (nothing for a verdict from before the test). */
function skillTestOf(metadata: ModelMetadata | undefined): SkillTestFields {
  return metadata === undefined ? {} : skillTestDetails(metadata);
}

/** The library version that trained a model, beside the one that predicted with it tonight. */
function trainedWith(metadata: ModelMetadata | undefined): { trained_with?: string } {
  return metadata === undefined ? {} : { trained_with: `${metadata.library} ${metadata.library_version}` };
}

/**
 * A champion that another version of its library trained, and that the version loaded tonight
 * cannot read (XGBoost reads older models, not always newer ones), is not corrupt: its folder
 * stays as it is, so the version that made it can still use it. The champion record moves to the
 * best of tonight's readable models with skill (lowest walk-forward MAPE), said so in its reason;
 * with none, the record stays and the horizon publishes the naive forecast tonight.
 */
async function replaceUnreadableChampion(
  deps: {
    readonly registry: ModelRegistry;
    readonly clock: Clock;
    readonly trainers: readonly ModelTrainer[];
    readonly margin: number;
  },
  target: { readonly horizon: Horizon; readonly runId: string },
  unreadable: { readonly metadata: ModelMetadata; readonly error: string },
  readable: readonly ModelMetadata[],
): Promise<UnreadableChampion> {
  const { metadata } = unreadable;
  const trainer = deps.trainers.find((t) => t.library === metadata.library);
  const loaded = trainer === undefined ? null : await trainer.version().catch(() => null);
  const best = readable
    .filter((m) => modelHasSkill(m, deps.margin))
    .sort((a, b) => (a.metrics.mape ?? Infinity) - (b.metrics.mape ?? Infinity))[0];
  const trainedBy = `${metadata.library} ${metadata.library_version}`;
  if (best !== undefined) {
    await deps.registry.setChampion({
      schema_version: 1,
      horizon: target.horizon,
      surface: SURFACE,
      model_name: best.model_name,
      library: best.library,
      version: best.version,
      model_dir: deps.registry.versionDir(target.horizon, best.model_name, best.version),
      mape: best.metrics.mape,
      promoted_at: deps.clock.now().toISOString(),
      run_id: target.runId,
      reason: `replaces ${metadata.model_name} ${metadata.version}, trained with ${trainedBy}, which the ${metadata.library} ${loaded ?? 'loaded'} cannot read (kept in place)`,
    });
  }
  return {
    model: metadata.model_name,
    version: metadata.version,
    trained_with: trainedBy,
    loaded: loaded === null ? null : `${metadata.library} ${loaded}`,
    error: unreadable.error,
    replaced_by: best === undefined ? null : { model: best.model_name, version: best.version },
  };
}
