import { DEFAULT_DELIVERY_POLICY } from '../../src/domain/night/night-delivery.js';
import { createEvaluateStage } from '../../src/app/night/stages/evaluate-stage.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import { createPredictStage } from '../../src/app/night/stages/predict-stage.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import { createUploadStage } from '../../src/app/night/stages/upload-stage.js';
import { runNightly, type NightHousekeeping, type RunSettings } from '../../src/app/night/run-nightly.js';
import { runWatchdog } from '../../src/app/watchdog/run-watchdog.js';
import { FakeProcessLauncher } from '../../src/testing/fake-process-launcher.js';
import { watchdogSettings } from './watchdog-harness.js';
import type { NightlyStages, StageBody } from '../../src/app/night/stage.js';
import type { StageKind } from '../../src/domain/night/pipeline-plan.js';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { PinoRunLogs } from '../../src/adapters/pino/pino-run-logs.js';
import { SourceUnavailableError } from '../../src/domain/errors.js';
import type { Horizon } from '../../src/domain/horizon.js';
import { formatRunId } from '../../src/domain/layout.js';
import type { RunRecord } from '../../src/domain/night/run.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakePowerManager } from '../../src/testing/fake-power-manager.js';
import { FakeWarehouse } from '../../src/testing/fake-warehouse.js';
import type { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { fakeTrainers, TEST_FORECAST_SETTINGS, TEST_TRAIN_SETTINGS } from './ml-night.js';

const HOUR = 3_600_000;

/** One night of an aged home, as the hook sees it. */
export interface AgedNight {
  readonly index: number;
  readonly runId: string;
  readonly clock: FakeClock;
  readonly status: FsStatusStore;
  readonly artifacts: FsArtifactStore;
}

export interface AgeHomeOptions {
  readonly home: string;
  /** Real monthly series the tables are cut from (the table as it stood on each night). */
  readonly soyOil: SoyOilTableBuilder;
  readonly nights: number;
  /** The first night's start (UTC); every night starts 24 h (`everyDays` days) after the one before. */
  readonly firstNight: string;
  /** Days between two nights (1: every night; 7: a year of weekly nights in 53 runs). */
  readonly everyDays?: number;
  readonly horizons?: readonly Horizon[];
  /** Around each night (retention after it, a report, ...). */
  readonly housekeeping?: (night: AgedNight) => NightHousekeeping;
  /** Wraps the predict stage of a night (to act while the run holds the lock). */
  readonly duringPredict?: (night: AgedNight) => Promise<void>;
  /** Nights whose export fails (the source is down): their records say failed. */
  readonly failingNights?: ReadonlySet<number>;
  /** Hourly watchdog checks (the real use case, no process started) between the nights, this many per day. */
  readonly watchdogChecksPerDay?: number;
}

/**
 * Ages a real home (fs status store, artifacts and run logs) night after night on a fake clock:
 * each night is a real runNightly over the real stages, on the soybean-oil table as it stood
 * that night (rows up to the month before), trained by the fake trainers' least squares. Its
 * files are what a machine running every night for that long would hold.
 */
export async function ageHome(options: AgeHomeOptions): Promise<RunRecord[]> {
  const horizons = options.horizons ?? ['1m', '3m'];
  const clock = new FakeClock(options.firstNight, { autoAdvance: false });
  const logger = new FakeLogger();
  const status = new FsStatusStore({ home: options.home, host: 'aged-host' }, logger);
  const artifacts = new FsArtifactStore({ home: options.home });
  const logs = new PinoRunLogs({ home: options.home, level: 'info', stdout: false });
  const warehouse = new FakeWarehouse();
  const trainers = fakeTrainers();
  const settings: RunSettings = {
    horizons,
    minHorizons: 1,
    deadlineMs: 4 * HOUR,
    retry: { maxAttempts: 1, baseDelayMs: 1000, maxDelayMs: 1000 },
    stageTimeoutMs: { export: HOUR, quality: HOUR, train: HOUR, predict: HOUR, upload: HOUR, evaluate: HOUR },
    stopGraceMs: 1000,
    delivery: DEFAULT_DELIVERY_POLICY,
  };
  const records: RunRecord[] = [];
  for (let index = 0; index < options.nights; index++) {
    clock.set(new Date(Date.parse(options.firstNight) + index * (options.everyDays ?? 1) * 24 * HOUR));
    const runId = formatRunId(clock.now());
    const night: AgedNight = { index, runId, clock, status, artifacts };
    const known = monthBefore(clock.now());
    const cut = options.soyOil.between('1990-01-01', known);
    for (const horizon of horizons) warehouse.setTrainingTable(cut.build(horizon));
    const train = createTrainStage({ warehouse, artifacts, trainers, clock, settings: TEST_TRAIN_SETTINGS });
    const predict = createPredictStage({
      warehouse,
      artifacts,
      trainers,
      clock,
      settings: TEST_FORECAST_SETTINGS,
    });
    const exporter = createExportStage({ warehouse, artifacts, clock });
    const failing = options.failingNights?.has(index) === true;
    // The fake clock moves by the real time each stage took, so the records' durations are real.
    const timed =
      <K extends StageKind>(body: StageBody<K>): StageBody<K> =>
      async (context) => {
        const started = performance.now();
        try {
          return await body(context);
        } finally {
          clock.advance(Math.max(1, Math.round(performance.now() - started)));
        }
      };
    const stages: NightlyStages = {
      export: timed(failing ? failingExport : exporter),
      quality: timed(
        createQualityStage({ warehouse, artifacts, clock, settings: TEST_FORECAST_SETTINGS.table }),
      ),
      train: timed(train),
      predict: timed(async (context) => {
        await options.duringPredict?.(night);
        return predict(context);
      }),
      upload: timed(createUploadStage({ warehouse, artifacts })),
      evaluate: timed(
        createEvaluateStage({
          warehouse,
          artifacts,
          clock,
          settings: { table: TEST_FORECAST_SETTINGS.table, skillMargin: TEST_TRAIN_SETTINGS.skill.margin },
        }),
      ),
    };
    const record = await runNightly(
      {
        clock,
        status,
        power: new FakePowerManager(),
        logs,
        openStages: async () => ({ stages, close: async () => undefined }),
        settings,
        random: () => 0.5,
        housekeeping: options.housekeeping?.(night),
      },
      { runId, trigger: 'schedule', pid: process.pid, host: 'aged-host' },
    );
    records.push(record);
    for (let check = 1; check <= (options.watchdogChecksPerDay ?? 0); check++) {
      clock.set(
        new Date(
          Date.parse(options.firstNight) +
            index * 24 * HOUR +
            check * (24 / ((options.watchdogChecksPerDay ?? 1) + 1)) * HOUR,
        ),
      );
      await runWatchdog(
        {
          clock,
          status,
          launcher: new FakeProcessLauncher(),
          alerters: [],
          logger,
          settings: watchdogSettings({
            home: options.home,
            host: 'aged-host',
            health: {
              schedule: { timeZone: 'UTC', time: options.firstNight.slice(11, 16) },
              graceMinutes: 90,
              maxAgeHours: 26,
              failuresForIncident: 2,
            },
          }),
        },
        { dryRun: false, pid: process.pid },
      );
    }
  }
  return records;
}

const failingExport: StageBody<'export'> = async () => {
  await Promise.resolve();
  throw new SourceUnavailableError('the FRED source did not answer (an outage the night saw)');
};

/** The first of the month before `at`'s month (the monthly series are published a month late). */
function monthBefore(at: Date): string {
  const month = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
  return month.toISOString().slice(0, 10);
}
