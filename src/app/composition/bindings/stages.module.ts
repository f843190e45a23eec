import { availableParallelism } from 'node:os';
import { ContainerModule } from 'inversify';
import { AsyncStageScope } from '../../../adapters/system/async-stage-scope.js';
import { STAGE_KINDS } from '../../../domain/night/pipeline-plan.js';
import { ARTIFACT_STORE, type ArtifactStore } from '../../../ports/artifact-store.port.js';
import { CLOCK, type Clock } from '../../../ports/clock.port.js';
import { FOLD_MODEL_CACHE, type FoldModelCache } from '../../../ports/fold-model-cache.port.js';
import { MODEL_TRAINERS, type ModelTrainer } from '../../../ports/model-trainer.port.js';
import { SERIES_SOURCE, type SeriesSource } from '../../../ports/series-source.port.js';
import { STAGE_SCOPE, type StageScope } from '../../../ports/stage-scope.port.js';
import { TABLE_SOURCE, type TableSource } from '../../../ports/table-source.port.js';
import { WAREHOUSE_LOADER, type WarehouseLoader } from '../../../ports/warehouse-loader.port.js';
import { WAREHOUSE, type Warehouse } from '../../../ports/warehouse.port.js';
import type { Config } from '../../config/config-schema.js';
import type { NightlyStages, StageBody } from '../../night/stage.js';
import { NIGHTLY_STAGES } from '../tokens.js';

const MINUTE = 60_000;

/**
 * The stage bodies of the nightly plan, built from the config and the ports. The stage code is
 * loaded when a run resolves NIGHTLY_STAGES (never by `cbi status`). Each body runs in the
 * stage scope, so adapters can tag their remote work with the run and stage (BigQuery labels).
 */
export function stagesModule(config: Config): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(STAGE_SCOPE).toConstantValue(new AsyncStageScope());
    options
      .bind(NIGHTLY_STAGES)
      .toResolvedValue(
        async (
          warehouse: Warehouse,
          artifacts: ArtifactStore,
          clock: Clock,
          trainers: readonly ModelTrainer[],
          source: SeriesSource,
          loader: WarehouseLoader | undefined,
          tableSource: TableSource | undefined,
          scope: StageScope,
          foldCache: FoldModelCache | undefined,
        ) => {
          const [
            exportStage,
            qualityStage,
            trainStage,
            predictStage,
            uploadStage,
            evaluateStage,
            { trainStageSettings },
          ] = await Promise.all([
            import('../../night/stages/export-stage.js'),
            import('../../night/stages/quality-stage.js'),
            import('../../night/stages/train-stage.js'),
            import('../../night/stages/predict-stage.js'),
            import('../../night/stages/upload-stage.js'),
            import('../../night/stages/evaluate-stage.js'),
            import('../../config/training-config.js'),
          ]);
          const training = config.training;
          const threads = training.threads > 0 ? training.threads : availableParallelism();
          const jobTimeoutMs = training.jobTimeoutMinutes * MINUTE;
          // The embedded warehouse is filled from the source before each export (built from series,
          // or the user's own tables loaded as they are); BigQuery's tables are built upstream.
          const roles = config.source.columns;
          const table = { quality: config.quality, roles };
          const fromTables = config.source.kind === 'tables';
          const refresh =
            loader === undefined || fromTables
              ? undefined
              : {
                  source,
                  loader,
                  spec: {
                    target: config.source.target,
                    drivers: config.source.drivers,
                    roles: config.source.roles,
                    units: config.source.units,
                    rates: config.source.rates,
                  },
                  quality: config.quality,
                  roles,
                };
          const tables =
            loader === undefined || tableSource === undefined || !fromTables
              ? undefined
              : { source: tableSource, loader, roles };
          const skill = training.skill;
          return inStageScope(scope, {
            export: exportStage.createExportStage({
              warehouse,
              artifacts,
              clock,
              refresh,
              tables,
            }),
            quality: qualityStage.createQualityStage({
              warehouse,
              artifacts,
              clock,
              settings: table,
            }),
            train: trainStage.createTrainStage({
              warehouse,
              artifacts,
              trainers,
              clock,
              ...(foldCache === undefined ? {} : { foldCache }),
              settings: trainStageSettings(training, table, availableParallelism()),
            }),
            predict: predictStage.createPredictStage({
              warehouse,
              artifacts,
              trainers,
              clock,
              settings: {
                threads,
                jobTimeoutMs,
                table,
                skill,
                band: config.quality.forecastBand,
                intervalLevel: training.interval.level,
                delivery: config.run.delivery,
              },
            }),
            upload: uploadStage.createUploadStage({ warehouse, artifacts }),
            evaluate: evaluateStage.createEvaluateStage({
              warehouse,
              artifacts,
              clock,
              settings: { table, skillMargin: skill.margin },
            }),
          });
        },
        [
          WAREHOUSE,
          ARTIFACT_STORE,
          CLOCK,
          MODEL_TRAINERS,
          SERIES_SOURCE,
          { serviceIdentifier: WAREHOUSE_LOADER, optional: true },
          { serviceIdentifier: TABLE_SOURCE, optional: true },
          STAGE_SCOPE,
          { serviceIdentifier: FOLD_MODEL_CACHE, optional: true },
        ],
      )
      .inSingletonScope();
  });
}

/** Each body run with its run id and stage name current in the scope. */
function inStageScope(scope: StageScope, stages: NightlyStages): NightlyStages {
  const scoped =
    (body: StageBody): StageBody =>
    (context) =>
      scope.run({ runId: context.runId, stage: context.stage }, () => body(context));
  return Object.fromEntries(STAGE_KINDS.map((kind) => [kind, scoped(stages[kind])])) as NightlyStages;
}
