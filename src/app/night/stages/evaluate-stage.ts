import type {
  EvaluateDetails,
  HorizonEvaluation,
  MaturedScore,
} from '../../../domain/night/stage-details.js';
import { summarizeError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { stageName } from '../../../domain/night/pipeline-plan.js';
import { evaluateMatured, type MaturedEvaluation } from '../../../domain/model/matured-forecasts.js';
import { MODEL_LIBRARIES } from '../../../domain/model/model.js';
import type { BacktestSummary, ModelMetadata } from '../../../domain/model/model-metadata.js';
import type { MetricRow, PredictionRow, TrainingTableInfo } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { ModelRegistry } from '../train/model-registry.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';
import { hasSkill } from '../../../domain/model/skill-gate.js';
import { readAuditedTable, type TableSettings } from '../table/audit-horizon.js';

export interface EvaluateStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  readonly settings: {
    /** How tables are read and judged: only trusted prices score matured forecasts. */
    readonly table: TableSettings;
    /** The skill gate's margin, for each model's `has_skill`. */
    readonly skillMargin: number;
  };
}

type MetricValue = number | null | undefined;

/**
 * The evaluate stage (non-critical): per horizon, the MAPE of matured forecasts (earlier
 * forecasts whose target date now has a real value in the training table) for the champion,
 * each model and the naive forecast; and the walk-forward backtest (Sharpe, hit rate, maximum
 * drawdown) of the champion and of each library's newest version next to the naive forecast.
 * Written to the metrics table (idempotent per run) and returned in the details (run status, log).
 */
export function createEvaluateStage(deps: EvaluateStageDeps): StageBody<'evaluate'> {
  const registry = new ModelRegistry(deps.artifacts);
  return async (context: StageContext): Promise<StageResult<EvaluateDetails>> => {
    const createdAt = deps.clock.now().toISOString();
    const infos = await deps.warehouse.trainingTables();
    const rows: MetricRow[] = [];
    const horizons: Partial<Record<Horizon, HorizonEvaluation>> = {};
    for (const horizon of context.horizons) {
      const info = infos.find((t) => t.horizon === horizon);
      if (info === undefined || context.earlier.get(stageName('train', horizon))?.status === 'skipped')
        continue;
      if (context.signal.aborted) throw context.signal.reason;
      const add = (model_name: string, metric: string, value: MetricValue): void => {
        if (typeof value === 'number' && Number.isFinite(value))
          rows.push({ run_id: context.runId, horizon, model_name, metric, value, created_at: createdAt });
      };
      const predictions = await deps.warehouse.readPredictions(horizon);
      const matured = await maturedFor(deps, info, predictions);
      addMatured(add, matured);
      const walkForward = await walkForwardFor(registry, horizon, context);
      for (const [name, metadata] of Object.entries(walkForward.models)) {
        addWalkForward(add, name, metadata.metrics.mape, metadata.metrics.backtest);
        add(name, 'has_skill', hasSkill(metadata.metrics, deps.settings.skillMargin) ? 1 : 0);
      }
      const published = predictions.find((p) => p.run_id === context.runId && p.is_champion);
      if (published !== undefined)
        add(published.model_name === 'naive' ? 'naive' : 'champion', 'published', 1);
      const reference = walkForward.models['champion'] ?? Object.values(walkForward.models)[0];
      if (reference !== undefined)
        addWalkForward(add, 'naive', reference.metrics.naive_mape, reference.metrics.naive_backtest);
      horizons[horizon] = {
        published:
          published === undefined
            ? null
            : {
                model: published.model_name,
                version: published.model_version,
                has_skill: published.has_skill ?? null,
              },
        matured: {
          champion: maturedScore(matured.champion),
          naive: maturedScore(matured.naive),
          models: Object.fromEntries(
            Object.entries(matured.models).map(([name, score]) => [name, maturedScore(score)]),
          ),
          newest_matured_as_of: matured.newestMatured ?? null,
        },
        walk_forward: {
          ...Object.fromEntries(
            Object.entries(walkForward.models).map(([name, m]) => [
              name,
              {
                version: m.version,
                folds: m.metrics.folds,
                mape: m.metrics.mape,
                has_skill: hasSkill(m.metrics, deps.settings.skillMargin),
                ...m.metrics.backtest,
              },
            ]),
          ),
          ...(reference === undefined
            ? {}
            : {
                naive: {
                  folds: reference.metrics.folds,
                  mape: reference.metrics.naive_mape,
                  ...reference.metrics.naive_backtest,
                },
              }),
        },
      };
    }
    if (Object.keys(horizons).length === 0)
      return { status: 'skipped', reason: 'no trained horizon to evaluate' };
    await deps.warehouse.writeMetrics(context.runId, rows);
    context.logger.info('evaluation', { metrics: rows.length, horizons });
    return { status: 'succeeded', details: { metrics_written: rows.length, horizons } };
  };
}

/** Earlier forecasts scored against the prices that arrived since (trusted rows only: a placeholder price scores nothing). */
async function maturedFor(
  deps: EvaluateStageDeps,
  info: TrainingTableInfo,
  predictions: readonly PredictionRow[],
): Promise<MaturedEvaluation> {
  const { audit } = await readAuditedTable(deps.warehouse, info, deps.settings.table, deps.clock.now());
  const actuals = new Map<string, number>();
  audit.dates.forEach((date, i) => {
    const price = audit.price[i] ?? Number.NaN;
    if (audit.trustedRows[i] === 1 && Number.isFinite(price)) actuals.set(date, price);
  });
  return evaluateMatured(predictions, actuals);
}

/** The champion's and each library's newest walk-forward metrics; unreadable metadata is logged and left out. */
async function walkForwardFor(
  registry: ModelRegistry,
  horizon: Horizon,
  context: StageContext,
): Promise<{ models: Record<string, ModelMetadata> }> {
  const models: Record<string, ModelMetadata> = {};
  try {
    const champion = await registry.champion(horizon);
    if (champion !== undefined) models['champion'] = champion.metadata;
  } catch (error) {
    context.logger.warn('champion unreadable', { horizon, error: summarizeError(error).message });
  }
  for (const library of MODEL_LIBRARIES) {
    try {
      const newest = await registry.latest(horizon, library);
      if (newest !== undefined) models[library] = newest;
    } catch (error) {
      context.logger.warn('model metadata unreadable', {
        horizon,
        library,
        error: summarizeError(error).message,
      });
    }
  }
  return { models };
}

function addMatured(
  add: (model: string, metric: string, value: MetricValue) => void,
  matured: MaturedEvaluation,
): void {
  add('champion', 'matured_mape', matured.champion.mape);
  add('champion', 'matured_count', matured.champion.count);
  add('naive', 'matured_mape', matured.naive.mape);
  add('naive', 'matured_count', matured.naive.count);
  for (const [name, score] of Object.entries(matured.models)) {
    add(name, 'matured_mape', score.mape);
    add(name, 'matured_count', score.count);
  }
}

function addWalkForward(
  add: (model: string, metric: string, value: MetricValue) => void,
  name: string,
  mape: MetricValue,
  backtest: BacktestSummary,
): void {
  add(name, 'walk_forward_mape', mape);
  add(name, 'backtest_sharpe', backtest.sharpe);
  add(name, 'backtest_hit_rate', backtest.hit_rate);
  add(name, 'backtest_max_drawdown', backtest.max_drawdown);
  add(name, 'backtest_trades', backtest.trades);
  add(name, 'backtest_total_return', backtest.total_return);
}

function maturedScore(score: { readonly count: number; readonly mape: number | undefined }): MaturedScore {
  return { count: score.count, mape: score.mape ?? null };
}
