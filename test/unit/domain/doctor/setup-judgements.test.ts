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
  it('fails naming the library that does not load, and says how to provision it', () => {
    const result = judgeBoosters([
      { library: 'lightgbm', version: '4.1.0' },
      { library: 'xgboost', error: 'libxgboost.so: cannot open shared object file' },
    ]);
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('xgboost: libxgboost.so'),
      fix: expect.stringContaining('npm run provision'),
    });
    expect(judgeBoosters([{ library: 'lightgbm', version: '4.1.0' }]).status).toBe('ok');
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
  it('warns when only the log hears of a failure', () => {
    expect(judgeAlerts({ channels: ['log'] })).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('--send-test-alert'),
    });
  });
  it('fails when the test alert does not get through, naming the channel', () => {
    expect(
      judgeAlerts({
        channels: ['log', 'webhook'],
        test: { log: undefined, webhook: 'hooks.slack.com answered HTTP 404' },
      }),
    ).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('webhook (hooks.slack.com answered HTTP 404)'),
    });
  });
  it('is ok with a channel to a person, and says when the test went through', () => {
    expect(
      judgeAlerts({ channels: ['log', 'smtp'], test: { log: undefined, smtp: undefined } }),
    ).toMatchObject({
      status: 'ok',
      detail: 'log, smtp; test alert delivered',
    });
  });
});
