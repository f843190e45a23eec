import { describe, expect, it } from 'vitest';
import { runWatchdog } from '../../../../src/app/watchdog/run-watchdog.js';
import type { RunTrigger } from '../../../../src/domain/night/run.js';
import { playedRun, watchdogWorld } from '../../../support/watchdog-harness.js';

const HOUR = 3_600_000;
const RUN_MS = 30 * 60_000;

interface Event {
  readonly at: number;
  readonly seq: number;
  readonly kind: 'check' | 'scheduled' | 'end';
  readonly run?: { start: Date; trigger: RunTrigger; pid: number };
}

/**
 * Plays a world: hourly watchdog checks at :30, the OS scheduler's nightly run at 23:59 (UTC),
 * and every run (scheduled or started by the watchdog) ending 30 minutes after it starts with
 * the outcome `fails(start)` says.
 */
async function simulate(options: {
  start: string;
  checks: number;
  fails: (start: Date) => boolean;
  offline?: { from: string; to: string };
}) {
  const world = watchdogWorld(options.start);
  const { clock, status, launcher } = world;
  const events: Event[] = [];
  let seq = 0;
  const push = (event: Omit<Event, 'seq'>): void => {
    events.push({ ...event, seq: seq++ });
  };
  const t0 = clock.now().getTime();
  const offline = (t: number): boolean =>
    options.offline !== undefined &&
    t >= Date.parse(options.offline.from) &&
    t < Date.parse(options.offline.to);
  for (let i = 0; i < options.checks; i++) push({ at: t0 + i * HOUR, kind: 'check' });
  for (let day = 0; day <= Math.ceil(options.checks / 24) + 1; day++) {
    const night = new Date(t0);
    night.setUTCHours(23, 59, 0, 0);
    push({ at: night.getTime() + day * 24 * HOUR, kind: 'scheduled' });
  }
  const startRun = async (start: Date, trigger: RunTrigger, pid: number): Promise<void> => {
    await status.acquireLock({
      runId: playedRun(start, 'running').run_id,
      pid,
      host: 'test-host',
      startedAt: start.toISOString(),
      deadline: new Date(start.getTime() + 4 * HOUR).toISOString(),
    });
    await status.recordRun(playedRun(start, 'running', trigger, pid));
    push({ at: start.getTime() + RUN_MS, kind: 'end', run: { start, trigger, pid } });
  };
  launcher.onLaunch = async (launch) => startRun(clock.now(), 'watchdog', launch.pid);

  const reports = [];
  const end = t0 + options.checks * HOUR;
  while (events.length > 0) {
    events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const event = events.shift();
    if (event === undefined || event.at >= end) break;
    clock.set(new Date(event.at));
    if (offline(event.at) && event.kind !== 'end') continue;
    if (event.kind === 'check') reports.push(await runWatchdog(world.deps, { dryRun: false, pid: 777 }));
    if (event.kind === 'scheduled') await startRun(clock.now(), 'schedule', 4242);
    if (event.kind === 'end' && event.run !== undefined) {
      const ended = playedRun(
        event.run.start,
        options.fails(event.run.start) ? 'failed' : 'success',
        event.run.trigger,
        event.run.pid,
      );
      await status.recordRun(ended);
      launcher.kill(event.run.pid);
      await status.releaseLock(ended.run_id);
    }
  }
  return { ...world, reports };
}

describe('the watchdog over 72 hours of hourly checks', () => {
  it('starts one retry, sends one alert and one recovery notice when two nights fail and the third succeeds', async () => {
    const night1 = Date.parse('2026-01-05T23:59:00Z');
    const night3 = Date.parse('2026-01-07T23:59:00Z');
    const sim = await simulate({
      start: '2026-01-05T12:30:00Z',
      checks: 72,
      fails: (start) => start.getTime() >= night1 && start.getTime() < night3,
    });
    const started = sim.launcher.launched.map((l) => ({ at: l.request.args, pid: l.pid }));
    const states = sim.reports.map((r) => r.state);

    expect(sim.reports).toHaveLength(72);
    // The very first check finds no history: it starts the first run (never_run).
    expect(states[0]).toBe('never_run');
    expect(sim.alerter.kindsSent()).toEqual(['incident_opened', 'recovered']);
    // never_run at 12:30 on day 1, the retry after night 1's failure; none while the incident is open.
    expect(started).toHaveLength(2);
    const startTimes = sim.reports
      .filter((r) => r.actions.some((a) => a.kind === 'start_run' && a.outcome === 'done'))
      .map((r) => r.at);
    expect(startTimes.map((at) => new Date(at).toISOString())).toEqual([
      '2026-01-05T12:30:00.000Z',
      '2026-01-06T00:30:00.000Z',
    ]);
    expect(sim.launcher.launched[0]?.request).toEqual({
      args: ['run', '--home', '/home/zl', '--trigger', 'watchdog'],
      stdoutFile: '/home/zl/Logs/nightly/daemon_stdout.log',
      stderrFile: '/home/zl/Logs/nightly/daemon_stderr.log',
    });
    const opened = sim.alerter.sent[0];
    expect(Date.parse(opened?.since ?? '')).toBe(Date.parse('2026-01-05T23:59:00.000Z'));
    expect(opened?.failedStage).toBe('export');
    expect(states.filter((s) => s === 'persistent_failure').length).toBeGreaterThan(40);
    expect(states.at(-1)).toBe('healthy');
    expect(sim.logLines).toHaveLength(72);
    expect(await sim.status.incident()).toMatchObject({ open: null });
  });

  it('starts exactly one catch-up run after the machine was off for three days, and alerts nobody', async () => {
    const sim = await simulate({
      start: '2026-01-05T12:30:00Z',
      checks: 96,
      fails: () => false,
      offline: { from: '2026-01-05T14:00:00Z', to: '2026-01-08T14:00:00Z' },
    });
    const starts = sim.reports.filter((r) => r.actions.some((a) => a.kind === 'start_run'));
    // 12:30 day 1 (never run), then the first check after power-on (14:30 on day 4).
    expect(starts.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-01-05T12:30:00.000Z',
      '2026-01-08T14:30:00.000Z',
    ]);
    expect(starts[1]?.state).toBe('missed');
    expect(sim.alerter.sent).toEqual([]);
  });
});
