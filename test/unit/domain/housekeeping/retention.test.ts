import { describe, expect, it } from 'vitest';
import {
  planRetention,
  runIdTime,
  type HomeFile,
  type RetentionPolicy,
} from '../../../../src/domain/housekeeping/retention.js';

const policy: RetentionPolicy = {
  runLogDays: 30,
  modelVersionDays: 7,
  foldCacheDays: 30,
  predictionFiles: 2,
  historyRuns: 2,
  daemonLogBytes: 1000,
};
const NOW = new Date('2026-03-01T06:00:00Z');
const file = (key: string, bytes = 10, modifiedAt = NOW): HomeFile => ({ key, bytes, modifiedAt });
const V = 'Models/local/horizon_1m/prod/lightgbm';

interface Row {
  readonly name: string;
  readonly files: readonly HomeFile[];
  readonly protectedRuns?: readonly string[];
  readonly keptVersions?: readonly string[];
  readonly liveRunElsewhere?: boolean;
  readonly deleted: readonly string[];
  readonly trimmed?: readonly string[];
}

describe('planRetention', () => {
  it.each<Row>([
    {
      name: 'a run log past 30 days goes, with its JSON lines; a newer one stays',
      files: [
        file('Logs/nightly/nightly_pipeline_20260129_055900.log'),
        file('Logs/nightly/nightly_pipeline_20260129_055900.jsonl'),
        file('Logs/nightly/nightly_pipeline_20260130_065900.log'),
      ],
      deleted: [
        'Logs/nightly/nightly_pipeline_20260129_055900.jsonl',
        'Logs/nightly/nightly_pipeline_20260129_055900.log',
      ],
    },
    {
      name: "a fold cache entry unused for 30 days goes; one used since stays; a crashed write's day-old temporary goes, a fresh one stays",
      files: [
        file(`Models/fold_cache/${'a'.repeat(64)}.fold`, 10, new Date('2026-01-30T05:00:00Z')),
        file(`Models/fold_cache/${'b'.repeat(64)}.fold`, 10, new Date('2026-01-31T07:00:00Z')),
        file(`Models/fold_cache/.${'c'.repeat(64)}.fold.tmp-1-a-1`, 10, new Date('2026-02-28T05:00:00Z')),
        file(`Models/fold_cache/.${'d'.repeat(64)}.fold.tmp-1-a-2`, 10, new Date('2026-03-01T05:00:00Z')),
      ],
      deleted: [
        `Models/fold_cache/${'a'.repeat(64)}.fold`,
        `Models/fold_cache/.${'c'.repeat(64)}.fold.tmp-1-a-1`,
      ],
    },
    {
      name: 'a protected run keeps its old log',
      files: [file('Logs/nightly/nightly_pipeline_20260101_055900.log')],
      protectedRuns: ['20260101_055900'],
      deleted: [],
    },
    {
      name: 'history beyond the newest 2 goes, never a protected run',
      files: [
        file('Logs/nightly/runs/20260226_055900.json'),
        file('Logs/nightly/runs/20260227_055900.json'),
        file('Logs/nightly/runs/20260228_055900.json'),
        file('Logs/nightly/runs/20260225_055900.json'),
      ],
      protectedRuns: ['20260225_055900'],
      deleted: ['Logs/nightly/runs/20260226_055900.json'],
    },
    {
      name: 'prediction files beyond the newest 2 go',
      files: [
        file('Models/local/predictions/20260227_055900.json'),
        file('Models/local/predictions/20260228_055900.json'),
        file('Models/local/predictions/20260226_055900.json'),
      ],
      deleted: ['Models/local/predictions/20260226_055900.json'],
    },
    {
      name: 'a model version past 7 days goes as a folder; the newest of the model stays whatever its age',
      files: [
        file(`${V}/20260210_055900/model.txt`),
        file(`${V}/20260210_055900/metadata.json`),
        file(`${V}/20260215_055900/metadata.json`),
      ],
      deleted: [`${V}/20260210_055900`],
    },
    {
      name: 'a champion or the last version with skill stays past 7 days',
      files: [
        file(`${V}/20260201_055900/metadata.json`),
        file(`${V}/20260202_055900/metadata.json`),
        file(`${V}/20260203_055900/metadata.json`),
        file(`${V}/20260228_055900/metadata.json`),
      ],
      keptVersions: [`${V}/20260201_055900`, `${V}/20260202_055900`],
      deleted: [`${V}/20260203_055900`],
    },
    {
      name: 'a version inside 7 days stays',
      files: [file(`${V}/20260223_065900/metadata.json`), file(`${V}/20260228_055900/metadata.json`)],
      deleted: [],
    },
    {
      name: 'exports older than the newest night go (a crashed write’s temporary, a dropped horizon)',
      files: [
        file('TrainingData/exports/zl_training_prod_allhistory_1m.parquet'),
        file('TrainingData/exports/zl_training_prod_allhistory_1m.parquet.manifest.json'),
        file(
          'TrainingData/exports/.zl_training_prod_allhistory_3m.parquet.tmp-1-a-1',
          10,
          new Date('2026-02-20T06:00:00Z'),
        ),
        file(
          'TrainingData/exports/zl_training_prod_allhistory_1w.parquet',
          10,
          new Date('2026-02-10T06:00:00Z'),
        ),
      ],
      deleted: [
        'TrainingData/exports/.zl_training_prod_allhistory_3m.parquet.tmp-1-a-1',
        'TrainingData/exports/zl_training_prod_allhistory_1w.parquet',
      ],
    },
    {
      name: 'exports stay while another live run may read them',
      files: [
        file('TrainingData/exports/zl_training_prod_allhistory_1m.parquet'),
        file(
          'TrainingData/exports/zl_training_prod_allhistory_1w.parquet',
          10,
          new Date('2026-02-10T06:00:00Z'),
        ),
      ],
      liveRunElsewhere: true,
      deleted: [],
    },
    {
      name: 'daemon logs over the cap are shortened, not deleted; the status and locks are never touched',
      files: [
        file('Logs/nightly/daemon_stdout.log', 5000),
        file('Logs/nightly/daemon_stderr.log', 999),
        file('Logs/nightly/watchdog.log', 1001),
        file('Logs/nightly/last_run_status.json', 5000),
        file('Logs/nightly/current_run.json', 5000),
        file('Logs/nightly/run.lock', 10, new Date('2020-01-01T00:00:00Z')),
        file('Models/local/horizon_1m/prod/champion.json', 10, new Date('2020-01-01T00:00:00Z')),
      ],
      deleted: [],
      trimmed: ['Logs/nightly/daemon_stdout.log', 'Logs/nightly/watchdog.log'],
    },
    {
      name: 'a set-aside corrupt status past 30 days goes',
      files: [
        file(
          'Logs/nightly/last_run_status.corrupt-2026-01-01T00-00-00-000Z.json',
          10,
          new Date('2026-01-01T00:00:00Z'),
        ),
        file(
          'Logs/nightly/last_run_status.corrupt-2026-02-20T00-00-00-000Z.json',
          10,
          new Date('2026-02-20T00:00:00Z'),
        ),
      ],
      deleted: ['Logs/nightly/last_run_status.corrupt-2026-01-01T00-00-00-000Z.json'],
    },
  ])('$name', (row) => {
    const actions = planRetention(policy, {
      now: NOW,
      files: row.files,
      protectedRuns: new Set(row.protectedRuns ?? []),
      keptVersions: new Set(row.keptVersions ?? []),
      liveRunElsewhere: row.liveRunElsewhere ?? false,
    });
    expect(actions.filter((a) => a.kind === 'delete').map((a) => a.key)).toEqual([...row.deleted].sort());
    expect(actions.filter((a) => a.kind === 'trim').map((a) => a.key)).toEqual(
      [...(row.trimmed ?? [])].sort(),
    );
    for (const action of actions) if (action.kind === 'trim') expect(action.keepBytes).toBe(500);
  });

  it('reads a run id as its UTC start', () => {
    expect(new Date(runIdTime('20261128_235900')).toISOString()).toBe('2026-11-28T23:59:00.000Z');
    expect(runIdTime('not-a-run')).toBeNaN();
  });
});
