import { DEFAULT_DELIVERY_POLICY } from '../../../../src/domain/night/night-delivery.js';
import { describe, expect, it } from 'vitest';
import { RunLockedError } from '../../../../src/domain/errors.js';
import type { RunRecord } from '../../../../src/domain/night/run.js';
import type { PredictDetails, StageDetails } from '../../../../src/domain/night/stage-details.js';
import { runNightly, type RunSettings } from '../../../../src/app/night/run-nightly.js';
import { FakeClock } from '../../../../src/testing/fake-clock.js';
import { FakeLogger } from '../../../../src/testing/fake-logger.js';
import { FakeRunLogs } from '../../../../src/testing/fake-run-logs.js';
import { FakePowerManager } from '../../../../src/testing/fake-power-manager.js';
import { FakeStatusStore } from '../../../../src/testing/fake-status-store.js';
import { repairAlert } from '../../../../src/domain/watchdog/alert-message.js';
import { ScriptedStages, type Step } from '../../../support/scripted-stages.js';

const MINUTE = 60_000;
const START = '2026-11-28T23:59:00.000Z';

const settings: RunSettings = {
  horizons: ['1w', '1m', '3m', '6m', '12m'],
  minHorizons: 2,
  deadlineMs: 240 * MINUTE,
  retry: { maxAttempts: 3, baseDelayMs: 30_000, maxDelayMs: 600_000 },
  stageTimeoutMs: {
    export: 20 * MINUTE,
    quality: 10 * MINUTE,
    train: 60 * MINUTE,
    predict: 15 * MINUTE,
    upload: 15 * MINUTE,
    evaluate: 15 * MINUTE,
  },
  stopGraceMs: 10_000,
  delivery: DEFAULT_DELIVERY_POLICY,
};

function setup(script: Record<string, readonly Step[]> = {}, overrides: Partial<RunSettings> = {}) {
  const clock = new FakeClock(START);
  const logger = new FakeLogger();
  const status = new FakeStatusStore(logger);
  const power = new FakePowerManager();
  const scripted = new ScriptedStages(clock, script);
  const logs = new FakeRunLogs(logger);
  const interrupt = new AbortController();
  const go = () =>
    runNightly(
      {
        clock,
        status,
        power,
        logs,
        openStages: async () => ({ stages: scripted.stages(), close: async () => undefined }),
        settings: { ...settings, ...overrides },
        random: () => 0.5,
      },
      {
        runId: '20261128_235900',
        trigger: 'schedule',
        pid: 4242,
        host: 'mac-m4',
        interrupt: interrupt.signal,
      },
    );
  return { clock, logger, logs, status, power, scripted, interrupt, go };
}

function stage(run: RunRecord, name: string) {
  const found = run.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

describe('runNightly', () => {
  it('runs every stage and records a success, field by field, in the status file and the history', async () => {
    const { go, status, power } = setup({
      train_1w: [{ do: 'skip', reason: 'not supported at monthly resolution' }],
    });
    const run = await go();

    const latest = await status.lastRun();
    expect(latest).toEqual(run);
    expect(Object.keys(run).slice(0, 7)).toEqual([
      'run_id',
      'start_time',
      'end_time',
      'success',
      'failed_stage',
      'error',
      'stages',
    ]);
    expect(status.history.get('20261128_235900')).toEqual(run);
    expect(run).toMatchObject({
      run_id: '20261128_235900',
      success: true,
      failed_stage: null,
      error: null,
      state: 'success',
      exit_code: 0,
      error_code: null,
      trigger: 'schedule',
      horizons: ['1w', '1m', '3m', '6m', '12m'],
      pid: 4242,
      host: 'mac-m4',
      schema_version: 2,
      log_file: 'Logs/nightly/nightly_pipeline_20261128_235900.log',
    });
    expect(Date.parse(run.started_at)).toBe(Date.parse(START));
    // the seed's keys in the seed's format: Python's naive local isoformat()
    expect(run.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(run.end_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(Date.parse(run.deadline)).toBe(Date.parse(START) + 240 * MINUTE);
    expect(run.end_time).not.toBeNull();
    expect(run.stages.map((s) => [s.name, s.status])).toEqual([
      ['export', 'succeeded'],
      ['quality', 'succeeded'],
      ['train_1w', 'skipped'],
      ['train_1m', 'succeeded'],
      ['train_3m', 'succeeded'],
      ['train_6m', 'succeeded'],
      ['train_12m', 'succeeded'],
      ['predict', 'succeeded'],
      ['upload', 'succeeded'],
      ['evaluate', 'succeeded'],
    ]);
    expect(stage(run, 'export')).toEqual({
      name: 'export',
      success: true,
      start_time: expect.any(String),
      end_time: expect.any(String),
      duration_seconds: 1,
      error: null,
      retries: 0,
      kind: 'export',
      status: 'succeeded',
      started_at: expect.any(String),
      ended_at: expect.any(String),
      critical: true,
      horizon: null,
      attempts: 1,
      error_code: null,
      reason: null,
      details: null,
    });
    expect(stage(run, 'train_1w')).toMatchObject({
      success: true,
      reason: 'not supported at monthly resolution',
      horizon: '1w',
      critical: false,
    });
    expect(await status.readLock()).toBeUndefined();
    expect(power.taken).toHaveLength(1);
    expect(power.held).toEqual([]);
  });

  it('ends degraded (exit 4, success false) when every stage worked but no horizon was forecast from current data', async () => {
    // only the keys the delivery is judged from (a real train stage reports many more)
    const trained = { models: [{ model: 'lightgbm', status: 'trained' }] } as unknown as StageDetails;
    const old = { reason: 'the data is too old: the newest trusted row 2025-09-01 is 14 months old' };
    const notForecast: PredictDetails = {
      file: 'Models/local/predictions/20261128_235900.json',
      rows: 0,
      published: 0,
      naive_published: 0,
      not_forecast: [`1m: ${old.reason}`],
      horizons: {
        '1m': {
          ...old,
          published: null,
          as_of_date: '2025-09-01',
          frequency: 'monthly',
          trained_tonight: true,
        },
      },
    };
    const { go, status } = setup({
      train_1w: [{ do: 'skip', reason: 'not supported at monthly resolution' }],
      train_1m: [{ do: 'succeed', details: trained }],
      predict: [{ do: 'succeed', details: notForecast }],
    });
    const run = await go();
    expect(run).toMatchObject({ state: 'degraded', exit_code: 4, success: false, failed_stage: 'predict' });
    expect(run.error).toMatch(
      /^trained 1m \(lightgbm\) tonight, but no horizon was forecast from current data/,
    );
    expect(run.error).toContain('1w: not supported at monthly resolution');
    expect(run.error).toContain('1m: the data is too old');
    expect(run.hint).toMatch(/refresh the source tables/);
    expect(run.delivery?.horizons.find((h) => h.horizon === '1m')).toMatchObject({
      delivered: 'not_published',
      as_of_date: '2025-09-01',
      data_age_periods: 13, // whole months from 2025-09's end to 2026-11-28: October to October
      trained: ['lightgbm'],
    });
    expect(await status.lastRun()).toEqual(run);
  });

  it('records what a broken night did not deliver too, without calling it degraded', async () => {
    const { go } = setup({ quality: [{ do: 'fail-permanent' }] });
    const run = await go();
    expect(run.state).toBe('failed');
    expect(run.delivery).toMatchObject({ met: false, current: 0 });
    expect(run.delivery?.horizons[0]?.reason).toMatch(/^the predict stage did not run/);
  });

  it('stops at a failed critical stage and names it', async () => {
    const { go, scripted } = setup({ quality: [{ do: 'fail-permanent' }] });
    const run = await go();
    expect(run).toMatchObject({
      state: 'failed',
      success: false,
      exit_code: 1,
      failed_stage: 'quality',
      error_code: 'TRAINING_FAILED',
    });
    expect(run.error).toBe('quality: the booster refused the data');
    expect(stage(run, 'quality')).toMatchObject({
      status: 'failed',
      attempts: 1,
      retries: 0,
      error_code: 'TRAINING_FAILED',
    });
    expect(stage(run, 'train_1m')).toMatchObject({
      status: 'not_run',
      start_time: null,
      reason: 'critical stage quality failed',
    });
    expect(scripted.calls.map((c) => c.stage)).toEqual(['export', 'quality']);
  });

  it('records a partial success when some horizons fail', async () => {
    const { go, scripted } = setup({
      train_3m: [{ do: 'fail-permanent' }],
      train_12m: [{ do: 'fail-permanent' }],
    });
    const run = await go();
    expect(run).toMatchObject({ state: 'partial', success: true, exit_code: 3, failed_stage: 'train_3m' });
    expect(stage(run, 'train_12m')).toMatchObject({ status: 'failed', success: false });
    expect(scripted.attemptsOf('predict')).toBe(1);
  });

  it('fails the run when every horizon fails, without predicting', async () => {
    const failing = Object.fromEntries(
      settings.horizons.map((h) => [`train_${h}`, [{ do: 'fail-permanent' } as const]]),
    );
    const { go, scripted } = setup(failing);
    const run = await go();
    expect(run).toMatchObject({ state: 'failed', exit_code: 1, failed_stage: 'train_1w' });
    expect(run.error).toMatch(/^only 0 of 5 horizons trained, at least 2 required/);
    expect(scripted.attemptsOf('predict')).toBe(0);
    expect(stage(run, 'predict')).toMatchObject({
      status: 'not_run',
      reason: 'fewer than 2 horizons trained',
    });
  });

  it('retries a transient error with growing delays and records the retries', async () => {
    const { go, scripted } = setup({
      export: [{ do: 'fail-transient' }, { do: 'fail-transient' }, { do: 'succeed' }],
    });
    const run = await go();
    expect(stage(run, 'export')).toMatchObject({ status: 'succeeded', attempts: 3, retries: 2 });
    const starts = scripted.calls.filter((c) => c.stage === 'export').map((c) => c.at);
    // attempt takes 1 s; delays are random 0.5 x ceiling: 15 s after the first failure, then 30 s.
    expect([(starts[1] ?? 0) - (starts[0] ?? 0), (starts[2] ?? 0) - (starts[1] ?? 0)]).toEqual([
      16_000, 31_000,
    ]);
    expect(run.state).toBe('success');
  });

  it('gives up on a transient error after the last attempt', async () => {
    const { go, scripted } = setup({ upload: [{ do: 'fail-transient' }] });
    const run = await go();
    expect(scripted.attemptsOf('upload')).toBe(3);
    expect(run).toMatchObject({
      state: 'failed',
      failed_stage: 'upload',
      error_code: 'WAREHOUSE_UNAVAILABLE',
    });
    expect(stage(run, 'upload')).toMatchObject({ attempts: 3, retries: 2 });
  });

  it('does not retry a permanent error', async () => {
    const { go, scripted } = setup({ predict: [{ do: 'fail-permanent' }, { do: 'succeed' }] });
    const run = await go();
    expect(scripted.attemptsOf('predict')).toBe(1);
    expect(run).toMatchObject({ state: 'failed', failed_stage: 'predict' });
  });

  it('stops a stage at its timeout and retries it', async () => {
    const { go, scripted, clock } = setup({ train_6m: [{ do: 'hang' }, { do: 'succeed' }] });
    const run = await go();
    expect(scripted.aborted).toContain('train_6m');
    expect(stage(run, 'train_6m')).toMatchObject({ status: 'succeeded', attempts: 2, retries: 1 });
    const [first, second] = scripted.calls.filter((c) => c.stage === 'train_6m').map((c) => c.at);
    expect((second ?? 0) - (first ?? 0)).toBe(60 * MINUTE + 15_000);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("with sideBySide, starts every horizon's train stage at once and records each end as it comes", async () => {
    const takes = { '1w': 40, '1m': 10, '3m': 30, '6m': 20, '12m': 50 } as const;
    const script = Object.fromEntries(
      Object.entries(takes).map(([h, minutes]) => [
        `train_${h}`,
        [{ do: 'succeed', takesMs: minutes * MINUTE }],
      ]),
    ) as Record<string, Step[]>;
    const { go, scripted, status } = setup(script, { sideBySide: true });
    const snapshots: RunRecord[] = [];
    const record = status.recordRun.bind(status);
    status.recordRun = async (run) => {
      snapshots.push(run);
      await record(run);
    };
    const run = await go();

    expect(run.state).toBe('success');
    const starts = new Set(scripted.calls.filter((c) => c.stage.startsWith('train_')).map((c) => c.at));
    expect(starts.size).toBe(1); // all at once
    const predictAt = scripted.calls.find((c) => c.stage === 'predict')?.at ?? 0;
    expect(predictAt - ([...starts][0] ?? Number.NaN)).toBe(50 * MINUTE); // after the longest, not the sum (150)
    // the status file named all five at work, then each end in the order they ended
    const atWork = (r: RunRecord) => r.stages.filter((st) => st.status === 'running').map((st) => st.name);
    expect(snapshots.map(atWork)).toContainEqual([
      'train_1w',
      'train_1m',
      'train_3m',
      'train_6m',
      'train_12m',
    ]);
    expect(snapshots.map(atWork)).toContainEqual(['train_1w', 'train_3m', 'train_6m', 'train_12m']);
    expect(snapshots.map(atWork)).toContainEqual(['train_12m']);
    expect(run.stages.map((st) => st.name)).toEqual([
      'export',
      'quality',
      'train_1w',
      'train_1m',
      'train_3m',
      'train_6m',
      'train_12m',
      'predict',
      'upload',
      'evaluate',
    ]);
    for (const [h, minutes] of Object.entries(takes))
      expect(stage(run, `train_${h}`)).toMatchObject({ status: 'succeeded', duration_seconds: minutes * 60 });
  });

  it('without sideBySide, trains one horizon after another', async () => {
    const { go, scripted } = setup({
      train_1w: [{ do: 'succeed', takesMs: 10 * MINUTE }],
      train_1m: [{ do: 'succeed', takesMs: 10 * MINUTE }],
    });
    await go();
    const [w, m] = ['train_1w', 'train_1m'].map(
      (name) => scripted.calls.find((c) => c.stage === name)?.at ?? 0,
    );
    expect((m ?? 0) - (w ?? 0)).toBe(10 * MINUTE);
  });

  it('stops a hung train stage beside the others at the running sum of the limits before it', async () => {
    const { go, scripted } = setup(
      { train_3m: [{ do: 'hang' }] },
      { sideBySide: true, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
    );
    const run = await go();
    expect(scripted.aborted).toEqual(['train_3m']);
    // third of the five: 1w's, 1m's and its own 60 minutes, as it would have had one after another
    expect(stage(run, 'train_3m')).toMatchObject({
      status: 'failed',
      error_code: 'STAGE_TIMEOUT',
      duration_seconds: 180 * 60,
    });
    expect(stage(run, 'train_12m')).toMatchObject({ status: 'succeeded' });
    expect(run.state).toBe('partial');
  });

  it('gives a stage whose work grew a limit that follows it (twice its longest recent one-attempt success), and catches a hang there', async () => {
    const growth = { stageTimeoutGrowth: { factor: 2, nights: 7 } };
    /** Night 1 (train_1m 50 min), then night 2 on the same home with train_1m taking 80 min, past its fixed 60. */
    const twoNights = async (overrides: Partial<RunSettings>, second: Step) => {
      const first = setup({ train_1m: [{ do: 'succeed', takesMs: 50 * MINUTE }] }, overrides);
      await first.go();
      const scripted = new ScriptedStages(first.clock, { train_1m: [second, { do: 'succeed' }] });
      const run = await runNightly(
        {
          clock: first.clock,
          status: first.status,
          power: first.power,
          logs: first.logs,
          openStages: async () => ({ stages: scripted.stages(), close: async () => undefined }),
          settings: { ...settings, ...overrides },
          random: () => 0.5,
        },
        { runId: '20261129_235900', trigger: 'schedule', pid: 4243, host: 'mac-m4' },
      );
      return { run, scripted };
    };
    const grown = await twoNights(growth, { do: 'succeed', takesMs: 80 * MINUTE });
    expect(stage(grown.run, 'train_1m')).toMatchObject({ status: 'succeeded', attempts: 1 });
    // the fixed limit kills the same work at 60 minutes and tries again
    const fixed = await twoNights(
      { stageTimeoutGrowth: { factor: 2, nights: 0 } },
      { do: 'succeed', takesMs: 80 * MINUTE },
    );
    expect(stage(fixed.run, 'train_1m')).toMatchObject({ status: 'succeeded', attempts: 2 });
    // a hang is still caught, at twice night 1's 50 minutes
    const hung = await twoNights(growth, { do: 'hang' });
    expect(hung.scripted.aborted).toContain('train_1m');
    const [a, b] = hung.scripted.calls.filter((c) => c.stage === 'train_1m').map((c) => c.at);
    expect((b ?? 0) - (a ?? 0)).toBe(100 * MINUTE + 15_000);
  });

  it('tells a person once when the night set a broken champion aside, listing the models alone', async () => {
    const clock = new FakeClock(START);
    const logger = new FakeLogger();
    const status = new FakeStatusStore(logger);
    // the predict stage found the 1m champion's model file damaged and set it aside
    const corrupt = {
      horizons: {
        '1m': {
          corrupt_champion: {
            set_aside: 'Models/local/horizon_1m/prod/set_aside/xgboost/v1',
            error: 'the model file does not load',
            replaced_by: null,
          },
        },
      },
    } as unknown as StageDetails;
    const scripted = new ScriptedStages(clock, { predict: [{ do: 'succeed', details: corrupt }] });
    const notices: { kind: string; setAside: number }[] = [];
    const run = await runNightly(
      {
        clock,
        status,
        power: new FakePowerManager(),
        logs: new FakeRunLogs(logger),
        openStages: async () => ({ stages: scripted.stages(), close: async () => undefined }),
        settings,
        random: () => 0.5,
        notify: async (kind, record) => {
          notices.push({ kind, setAside: record.set_aside.length });
        },
      },
      { runId: '20261128_235900', trigger: 'schedule', pid: 4242, host: 'mac-m4' },
    );
    expect(notices.filter((n) => n.kind === 'repaired')).toEqual([{ kind: 'repaired', setAside: 0 }]);
    const alert = repairAlert(run, { host: 'mac-m4', home: '/h', now: new Date(START) });
    expect(alert.subject).toBe(
      'cbi-autopilot on mac-m4: run 20261128_235900 set aside the broken 1m champion and went on without it',
    );
    expect(alert.body).toContain(
      'The 1m champion was set aside to Models/local/horizon_1m/prod/set_aside/xgboost/v1 (the model file does not load)',
    );
  });

  it('records a stage that keeps timing out as failed with STAGE_TIMEOUT', async () => {
    const { go } = setup(
      { evaluate: [{ do: 'hang' }] },
      { retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
    );
    const run = await go();
    expect(run).toMatchObject({ state: 'partial', failed_stage: 'evaluate', error_code: 'STAGE_TIMEOUT' });
    expect(stage(run, 'evaluate').error).toBe('evaluate timed out after 900 s');
  });

  it('cuts the run at its deadline and starts nothing after it', async () => {
    const { go, scripted } = setup(
      { train_1m: [{ do: 'succeed', takesMs: 50 * MINUTE }], train_3m: [{ do: 'hang' }] },
      { deadlineMs: 90 * MINUTE },
    );
    const run = await go();
    expect(run).toMatchObject({ state: 'failed', error_code: 'RUN_DEADLINE', failed_stage: 'train_3m' });
    expect(stage(run, 'train_3m')).toMatchObject({
      status: 'failed',
      error_code: 'RUN_DEADLINE',
      attempts: 1,
    });
    expect(stage(run, 'train_6m')).toMatchObject({
      status: 'not_run',
      reason: 'the run deadline passed first',
    });
    expect(scripted.attemptsOf('train_6m')).toBe(0);
  });

  it('ends the current stage on an interrupt, records interrupted and releases the lock', async () => {
    const { go, scripted, clock, interrupt, status } = setup({ train_3m: [{ do: 'hang' }] });
    const running = go();
    while (scripted.attemptsOf('train_3m') === 0) await new Promise((r) => setImmediate(r));
    expect((await status.readLock())?.lock.runId).toBe('20261128_235900');
    expect((await status.currentRun())?.state).toBe('running');
    expect((await status.currentRun())?.stages.find((s) => s.status === 'running')?.name).toBe('train_3m');
    expect(await status.lastRun()).toBeUndefined();
    interrupt.abort('SIGTERM');
    const run = await running;
    expect(run).toMatchObject({
      state: 'interrupted',
      exit_code: 130,
      failed_stage: 'train_3m',
      error_code: 'INTERRUPTED',
      success: false,
    });
    expect(stage(run, 'train_3m')).toMatchObject({ status: 'failed', error_code: 'INTERRUPTED' });
    expect(stage(run, 'train_6m')).toMatchObject({ status: 'not_run', reason: 'the run was interrupted' });
    expect(scripted.aborted).toContain('train_3m');
    expect(await status.readLock()).toBeUndefined();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('refuses to start while another live run holds the lock', async () => {
    const { go, status, scripted } = setup();
    await status.acquireLock({ runId: 'other', pid: 1, host: 'mac-m4', startedAt: START, deadline: START });
    await expect(go()).rejects.toBeInstanceOf(RunLockedError);
    expect(scripted.calls).toEqual([]);
    expect(status.history.size).toBe(0);
  });

  it('takes over a lock whose process died, and says so in the log', async () => {
    const { go, status, logger } = setup();
    await status.acquireLock({ runId: 'dead', pid: 99, host: 'mac-m4', startedAt: START, deadline: START });
    status.deadPids.add(99);
    const run = await go();
    expect(run.state).toBe('success');
    expect(logger.messages('warn')).toContain('taking over a stale run lock');
  });

  it('writes progress after each stage so a reader sees the run as running', async () => {
    const { go, status } = setup();
    const seen: string[] = [];
    const record = status.recordRun.bind(status);
    status.recordRun = async (run) => {
      seen.push(`${run.state}:${run.stages.filter((s) => s.status !== 'not_run').length}`);
      await record(run);
    };
    await go();
    expect(seen[0]).toBe('running:0');
    expect(seen.at(-1)).toBe('success:10');
    // the first record, then one as each of the ten stages starts and one as it ends
    expect(seen.filter((s) => s.startsWith('running'))).toHaveLength(21);
    expect(seen.slice(0, 3)).toEqual(['running:0', 'running:1', 'running:1']);
  });
});
