import { describe, expect, it } from 'vitest';
import {
  judgeDiskSpace,
  judgeHomeFolders,
  judgeJobSecrets,
  judgeLastSuccess,
} from '../../../../src/domain/doctor/home-judgements.js';
import { runRecord } from '../../../../src/domain/night/run-record.js';
import { runRecord as contractRun } from '../../../../src/testing/contracts/run-records.js';

const GB = 1024 ** 3;

describe('judgeHomeFolders', () => {
  it('fails on a missing folder (install makes it) and on a read-only one (chown)', () => {
    expect(judgeHomeFolders('/h', [{ folder: 'Logs/nightly', state: 'missing' }])).toMatchObject({
      status: 'fail',
      fix: 'cbi install creates them',
    });
    expect(judgeHomeFolders('/h', [{ folder: 'Warehouse', state: 'read-only' }])).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('chown'),
    });
    expect(judgeHomeFolders('/h', [{ folder: 'Warehouse', state: 'writable' }]).status).toBe('ok');
  });
});

describe('judgeDiskSpace', () => {
  it.each([
    { free: 25 * GB, status: 'ok' },
    { free: 19.5 * GB, status: 'warn' }, // under the seed's 20 GB
    { free: 0.5 * GB, status: 'fail' },
  ])('$free bytes free: $status', ({ free, status }) => {
    expect(judgeDiskSpace(free, 20).status).toBe(status);
  });
});

describe('judgeLastSuccess', () => {
  const run = (id: string, start: string, state: 'success' | 'failed') =>
    runRecord(
      {
        runId: id,
        trigger: 'schedule',
        horizons: ['1m'],
        pid: 1,
        host: 'h',
        startedAt: new Date(start),
        deadline: new Date(Date.parse(start) + 4 * 3_600_000),
      },
      [],
      {
        endedAt: new Date(Date.parse(start) + 600_000),
        outcome:
          state === 'success'
            ? { state, exitCode: 0, failedStage: null, error: null, errorCode: null }
            : {
                state,
                exitCode: 1,
                failedStage: 'export',
                error: 'offline',
                errorCode: 'SOURCE_UNAVAILABLE',
              },
      },
    );
  const now = new Date('2026-01-15T12:00:00Z');

  it.each([
    { name: 'a success last night', runs: [run('a', '2026-01-15T05:59:00Z', 'success')], status: 'ok' },
    { name: 'no run yet', runs: [], status: 'warn' },
    { name: 'only failures', runs: [run('a', '2026-01-15T05:59:00Z', 'failed')], status: 'fail' },
    {
      name: 'the last success two days old',
      runs: [run('a', '2026-01-13T05:59:00Z', 'success'), run('b', '2026-01-14T05:59:00Z', 'failed')],
      status: 'fail',
    },
  ])('$name: $status', ({ runs, status }) => {
    expect(judgeLastSuccess({ now, runs, maxAgeHours: 26 }).status).toBe(status);
  });

  it('fails on a degraded last night, saying what it did not deliver, even after a recent success', () => {
    const degraded = {
      ...contractRun('c', 'degraded', '2026-01-15T05:59:00Z', {
        failedStage: 'predict',
        error: 'no horizon was forecast from current data (1 expected); not current: 1m: the data is too old',
      }),
    };
    const check = judgeLastSuccess({
      now,
      runs: [run('a', '2026-01-15T01:00:00Z', 'success'), degraded],
      maxAgeHours: 26,
    });
    expect(check).toMatchObject({ status: 'fail', fix: expect.stringContaining('refresh the source data') });
    expect(check.detail).toBe(
      'the last run, c, was degraded: no horizon was forecast from current data (1 expected); not current: 1m: the data is too old',
    );
  });
});

describe('judgeJobSecrets', () => {
  it('fails when others could read the secrets, or the file is gone', () => {
    expect(
      judgeJobSecrets({ path: '/h/.cbi/job-secrets.json', names: ['FRED_API_KEY'], mode: 0o644 }),
    ).toMatchObject({ status: 'fail', fix: expect.stringContaining('chmod 600') });
    expect(
      judgeJobSecrets({ path: '/h/.cbi/job-secrets.json', names: ['FRED_API_KEY'], mode: undefined }).status,
    ).toBe('fail');
    expect(
      judgeJobSecrets({ path: '/h/.cbi/job-secrets.json', names: ['FRED_API_KEY'], mode: 0o600 }).status,
    ).toBe('ok');
    expect(judgeJobSecrets({ path: '/h/.cbi/job-secrets.json', names: [], mode: undefined }).status).toBe(
      'skip',
    );
  });
});
