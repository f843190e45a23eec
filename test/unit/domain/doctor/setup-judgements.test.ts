import { describe, expect, it } from 'vitest';
import {
  judgeAlerts,
  judgeBoosters,
  judgeRuntime,
  judgeWarehouse,
} from '../../../../src/domain/doctor/setup-judgements.js';

describe('judgeRuntime', () => {
  it.each([
    { node: 'v24.21.0', status: 'ok' },
    { node: '22.0.0', status: 'ok' },
    { node: 'v20.20.2', status: 'fail' }, // the Debian node this machine has: too old for cbi
  ])('Node $node: $status', ({ node, status }) => {
    expect(judgeRuntime({ node, product: '0.1.0' }).status).toBe(status);
  });
});

describe('judgeBoosters', () => {
  const lightgbm = {
    library: 'lightgbm',
    version: '4.1.0.99',
    path: '/root/.cache/cbi-autopilot/lightgbm/4.1.0.99/lib_lightgbm.so',
    origin: 'provisioning cache, built from npm lightgbm@1.0.27',
    supported: 'LightGBM 4.x',
  };

  it('fails naming the library that does not load, and says how to provision it', () => {
    const result = judgeBoosters([
      lightgbm,
      { library: 'xgboost', error: 'libxgboost.so: cannot open shared object file' },
    ]);
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('xgboost: libxgboost.so'),
      fix: expect.stringContaining('npm run provision'),
    });
    expect(judgeBoosters([lightgbm]).status).toBe('ok');
  });

  it("shows each library's version, path, origin and supported range", () => {
    const xgboost = {
      library: 'xgboost',
      version: '3.2.0',
      path: '/opt/homebrew/opt/xgboost/lib/libxgboost.dylib',
      origin: 'Homebrew xgboost 3.2.0',
      supported: 'XGBoost 1.7 to 3.x',
    };
    expect(judgeBoosters([lightgbm, xgboost]).detail).toBe(
      'lightgbm 4.1.0.99 (/root/.cache/cbi-autopilot/lightgbm/4.1.0.99/lib_lightgbm.so, provisioning cache, built from npm lightgbm@1.0.27; supported: LightGBM 4.x), ' +
        'xgboost 3.2.0 (/opt/homebrew/opt/xgboost/lib/libxgboost.dylib, Homebrew xgboost 3.2.0; supported: XGBoost 1.7 to 3.x)',
    );
  });

  it("gives the failing library's own fix (Homebrew on a Mac)", () => {
    const result = judgeBoosters([
      lightgbm,
      {
        library: 'xgboost',
        error:
          'xgboost library cannot be loaded: /usr/local/lib/libxgboost.dylib is built for x64, but this Node.js runs on arm64',
        hint: 'run `brew install xgboost lightgbm libomp` (or set CBI_XGBOOST_LIB to libxgboost.dylib)',
      },
    ]);
    expect(result.fix).toMatch(/^run `brew install xgboost lightgbm libomp`/);
  });
});

describe('judgeWarehouse', () => {
  it.each([
    { fact: { kind: 'answered', what: 'DuckDB /h/Warehouse/cbi.duckdb' }, status: 'ok' },
    { fact: { kind: 'not_created', path: '/h/Warehouse/cbi.duckdb' }, status: 'warn' },
    { fact: { kind: 'busy', runId: '20260101_055900' }, status: 'skip' },
    {
      fact: { kind: 'failed', what: 'BigQuery project cbi-v14', error: 'no BigQuery adapter in this build' },
      status: 'fail',
    },
  ] as const)('$fact.kind: $status', ({ fact, status }) => {
    expect(judgeWarehouse(fact).status).toBe(status);
  });
});

describe('judgeAlerts', () => {
  /** A channel with the default `on` list of a channel to a person (log: every kind). */
  const channel = (kind: string) => ({
    kind,
    on: ['incident_opened', 'incident_reminder', 'recovered', 'repaired'],
  });

  it('warns when only the log hears of a failure', () => {
    expect(judgeAlerts({ channels: [channel('log')] })).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('--send-test-alert'),
    });
  });
  it('fails when the test alert does not get through, naming the channel', () => {
    expect(
      judgeAlerts({
        channels: [channel('log'), channel('webhook')],
        test: { log: undefined, webhook: 'hooks.slack.com answered HTTP 404' },
      }),
    ).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('webhook (hooks.slack.com answered HTTP 404)'),
    });
  });
  it('is ok with a channel to a person, and says when the test went through', () => {
    expect(
      judgeAlerts({ channels: [channel('log'), channel('smtp')], test: { log: undefined, smtp: undefined } }),
    ).toMatchObject({
      status: 'ok',
      detail: 'log, smtp; test alert delivered',
    });
  });
  it('warns when no channel to a person gets the incidents, whatever else it gets', () => {
    const runsOnly = { kind: 'healthchecks', on: ['run_started', 'run_succeeded', 'run_failed'] };
    expect(judgeAlerts({ channels: [channel('log'), runsOnly] })).toMatchObject({
      status: 'warn',
      detail:
        'log, healthchecks: none but the log gets incident_opened, so nobody is told when a night is missed or fails',
      fix: expect.stringContaining('add incident_opened'),
    });
  });
  it('says when no channel to a person hears of a night that repaired itself (an `on` list from before `repaired`)', () => {
    const older = { kind: 'smtp', on: ['incident_opened', 'incident_reminder', 'recovered'] };
    expect(judgeAlerts({ channels: [channel('log'), older] })).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('none but the log gets repaired'),
    });
  });
});
