import { describe, expect, it } from 'vitest';
import {
  judgeJobs,
  judgeLinger,
  judgePower,
  judgeTimeZones,
  judgeWake,
} from '../../../../src/domain/doctor/jobs-judgements.js';
import type { JobsInspection } from '../../../../src/domain/jobs/jobs-inspection.js';

const jobs = (
  over: Partial<JobsInspection> & { installed?: boolean; loaded?: boolean } = {},
): JobsInspection => {
  const { installed = true, loaded = true, ...rest } = over;
  return {
    mode: 'user',
    user: 'ann',
    calendar: installed ? [{ time: '05:59', timeZone: null }] : [],
    jobs: [
      { name: 'nightly', label: 'com.cbi.autopilot.nightly', installed, loaded, nextRun: null },
      { name: 'watchdog', label: 'com.cbi.autopilot.watchdog', installed, loaded, nextRun: null },
    ],
    ...rest,
  };
};
const none = jobs({ installed: false, loaded: false });
const WANTED = { days: 'MTWRFSU', time: '05:54:00' };

describe('judgeJobs', () => {
  it.each([
    { name: 'installed and loaded', user: jobs(), system: none, status: 'ok' },
    { name: 'nothing installed: nothing runs by itself', user: none, system: none, status: 'fail' },
    { name: 'installed but not loaded', user: jobs({ loaded: false }), system: none, status: 'fail' },
    {
      name: 'installed twice: every night runs twice',
      user: jobs(),
      system: jobs({ mode: 'system' }),
      status: 'warn',
    },
  ])('$name: $status', ({ user, system, status }) => {
    expect(judgeJobs({ user, system }).status).toBe(status);
  });
  it('is skipped where there is no scheduler', () => {
    expect(
      judgeJobs({ user: undefined, system: undefined, unsupported: 'no scheduler for freebsd' }).status,
    ).toBe('skip');
  });
});

describe('judgeLinger', () => {
  it('fails when systemd user timers stop at logout', () => {
    expect(judgeLinger(jobs({ linger: false }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('sudo loginctl enable-linger ann'),
    });
    expect(judgeLinger(jobs({ linger: true })).status).toBe('ok');
    expect(judgeLinger(jobs()).status).toBe('skip'); // launchd: no such thing
  });
});

describe('judgeWake', () => {
  const mac = (power: Parameters<typeof judgeWake>[0]['wake']) =>
    judgeWake({ active: jobs(), wake: power, wanted: WANTED, rtcWake: undefined });
  it.each([
    {
      name: 'ours at the right time',
      wake: { kind: 'repeating', power: { on: { type: 'wakepoweron', days: 'MTWRFSU', time: '05:54:00' } } },
      status: 'ok',
    },
    {
      name: 'none: the Mac sleeps through the night',
      wake: { kind: 'repeating', power: {} },
      status: 'fail',
    },
    {
      name: 'at another time (a DST change, or somebody else)',
      wake: { kind: 'repeating', power: { on: { type: 'wakepoweron', days: 'MTWRF', time: '07:00:00' } } },
      status: 'warn',
    },
    { name: 'pmset unreadable', wake: { kind: 'unreadable', reason: 'pmset not found' }, status: 'warn' },
  ] as const)('macOS, $name: $status', ({ wake, status }) => {
    expect(mac(wake).status).toBe(status);
  });
  it("names the user's shutdown the fix keeps", () => {
    expect(
      mac({ kind: 'repeating', power: { off: { type: 'shutdown', days: 'MTWRF', time: '02:00:00' } } }).fix,
    ).toBe('sudo cbi install --system sets it, keeping your shutdown at 02:00 MTWRF');
  });
  it.each([
    {
      name: 'system timer with WakeSystem=true',
      active: jobs({ mode: 'system', wakeSystem: true }),
      rtc: true,
      status: 'ok',
    },
    {
      name: 'WakeSystem=false',
      active: jobs({ mode: 'system', wakeSystem: false }),
      rtc: true,
      status: 'fail',
    },
    {
      name: 'a user timer (needs CAP_WAKE_ALARM)',
      active: jobs({ wakeSystem: true }),
      rtc: true,
      status: 'warn',
    },
    {
      name: 'no RTC wake alarm',
      active: jobs({ mode: 'system', wakeSystem: true }),
      rtc: false,
      status: 'warn',
    },
  ])('Linux, $name: $status', ({ active, rtc, status }) => {
    expect(judgeWake({ active, wake: { kind: 'timer' }, wanted: WANTED, rtcWake: rtc }).status).toBe(status);
  });
  it('is skipped with no jobs installed', () => {
    expect(
      judgeWake({ active: undefined, wake: { kind: 'timer' }, wanted: WANTED, rtcWake: true }).status,
    ).toBe('skip');
  });
});

describe('judgePower', () => {
  it('warns on battery (caffeinate -s holds only on AC) and on autorestart 0', () => {
    expect(judgePower({ source: 'battery', problems: [] }, 'darwin')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('only on AC'),
    });
    expect(
      judgePower(
        {
          source: 'ac',
          problems: [
            {
              setting: 'autorestart 0',
              why: 'stays off after a power cut',
              fix: 'sudo pmset -a autorestart 1',
            },
          ],
        },
        'darwin',
      ),
    ).toMatchObject({ status: 'warn', fix: 'sudo pmset -a autorestart 1' });
    expect(judgePower({ source: 'ac', problems: [] }, 'darwin').status).toBe('ok');
    expect(judgePower({ source: 'unknown', problems: [] }, 'linux').status).toBe('skip');
  });
});

describe('judgeTimeZones', () => {
  const base = { configZone: 'America/Chicago', systemZone: 'Europe/London', times: ['23:59'] };
  it('is ok while launchd (system zone) fires when the schedule means', () => {
    expect(judgeTimeZones({ ...base, active: jobs(), now: new Date('2026-01-15T12:00:00Z') }).status).toBe(
      'ok',
    );
  });
  it('warns once a DST change in one zone only has moved the run (Chicago springs forward three weeks before London)', () => {
    const result = judgeTimeZones({ ...base, active: jobs(), now: new Date('2026-03-10T12:00:00Z') });
    expect(result).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('23:59 America/Chicago falls at 04:59 system time'),
      fix: expect.stringContaining('cbi install'),
    });
  });
  it('warns a week ahead of such a change', () => {
    expect(judgeTimeZones({ ...base, active: jobs(), now: new Date('2026-03-03T12:00:00Z') }).status).toBe(
      'warn',
    );
  });
  it('is ok for a systemd timer that carries the zone, and warns when it carries another', () => {
    const zoned = jobs({ calendar: [{ time: '23:59', timeZone: 'America/Chicago' }] });
    expect(judgeTimeZones({ ...base, active: zoned, now: new Date('2026-03-10T12:00:00Z') }).status).toBe(
      'ok',
    );
    const other = jobs({ calendar: [{ time: '23:59', timeZone: 'America/New_York' }] });
    expect(judgeTimeZones({ ...base, active: other, now: new Date('2026-03-10T12:00:00Z') }).status).toBe(
      'warn',
    );
  });
});
