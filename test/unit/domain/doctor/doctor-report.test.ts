import { describe, expect, it } from 'vitest';
import { doctorReport, type CheckResult } from '../../../../src/domain/doctor/doctor-report.js';

const check = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({
  id,
  status,
  detail: id,
});

describe('doctorReport', () => {
  it.each([
    {
      name: 'all ok (skips count as ok)',
      checks: [check('runtime', 'ok'), check('linger', 'skip')],
      status: 'ok',
      exitCode: 0,
    },
    {
      name: 'a warning still exits 0',
      checks: [check('runtime', 'ok'), check('alerts', 'warn')],
      status: 'warn',
      exitCode: 0,
    },
    {
      name: 'a failure exits 1',
      checks: [check('alerts', 'warn'), check('jobs', 'fail')],
      status: 'fail',
      exitCode: 1,
    },
  ])('$name', ({ checks, status, exitCode }) => {
    expect(doctorReport(checks)).toMatchObject({ status, exitCode });
  });

  it('orders the checks as they are printed and counts them', () => {
    const report = doctorReport([
      check('last_success', 'ok'),
      check('runtime', 'fail'),
      check('wake', 'skip'),
    ]);
    expect(report.checks.map((c) => c.id)).toEqual(['runtime', 'wake', 'last_success']);
    expect(report.counts).toEqual({ ok: 1, warn: 0, fail: 1, skip: 1 });
  });
});
