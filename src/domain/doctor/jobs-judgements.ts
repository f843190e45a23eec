import type {
  CalendarEntry,
  JobsInspection,
  PowerReadiness,
  WakeInspection,
} from '../jobs/jobs-inspection.js';
import { zoneDisagreements, type ClockTime } from '../jobs/job-times.js';
import type { WantedWake } from '../jobs/repeating-wake.js';
import type { CheckResult } from './doctor-report.js';

const installedOf = (i: JobsInspection | undefined): boolean => i?.jobs.some((j) => j.installed) ?? false;

/** The installation the other checks judge: the system jobs when there are any, else the user's. */
export function activeInstallation(
  user: JobsInspection | undefined,
  system: JobsInspection | undefined,
): JobsInspection | undefined {
  if (installedOf(system)) return system;
  if (installedOf(user)) return user;
  return undefined;
}

/** Both jobs are installed and loaded, once. */
export function judgeJobs(input: {
  readonly user: JobsInspection | undefined;
  readonly system: JobsInspection | undefined;
  /** Why there is no scheduler here, when there is none. */
  readonly unsupported?: string | undefined;
}): CheckResult {
  if (input.unsupported !== undefined) return { id: 'jobs', status: 'skip', detail: input.unsupported };
  if (installedOf(input.user) && installedOf(input.system))
    return {
      id: 'jobs',
      status: 'warn',
      detail: 'installed twice, as user and as system jobs: every night would run twice',
      fix: 'cbi uninstall (the user jobs) or sudo cbi uninstall --system',
    };
  const active = activeInstallation(input.user, input.system);
  if (active === undefined)
    return {
      id: 'jobs',
      status: 'fail',
      detail: 'no nightly run or watchdog is installed: nothing runs unless you run it',
      fix: 'cbi install (per user) or sudo cbi install --system (runs with nobody logged in, after a reboot)',
    };
  const missing = active.jobs.filter((j) => !j.installed || !j.loaded);
  const when = active.calendar
    .map((c) => `${c.time}${c.timeZone === null ? '' : ` ${c.timeZone}`}`)
    .join(', ');
  if (missing.length === 0)
    return {
      id: 'jobs',
      status: 'ok',
      detail: `${active.mode} jobs of ${active.user}: ${active.jobs.map((j) => j.label).join(', ')} loaded; nightly at ${when}`,
    };
  return {
    id: 'jobs',
    status: 'fail',
    detail: missing
      .map((j) => `${j.label} ${j.installed ? 'installed, not loaded' : 'not installed'}`)
      .join(', '),
    fix: `${active.mode === 'system' ? 'sudo cbi install --system' : 'cbi install'} again loads them`,
  };
}

/** systemd user jobs run without a login session only when the user lingers. */
export function judgeLinger(active: JobsInspection | undefined): CheckResult {
  if (active?.linger === undefined || active.mode !== 'user')
    return { id: 'linger', status: 'skip', detail: 'only systemd user jobs need lingering' };
  if (active.linger)
    return {
      id: 'linger',
      status: 'ok',
      detail: `${active.user} lingers: the timers run with nobody logged in`,
    };
  return {
    id: 'linger',
    status: 'fail',
    detail: `${active.user} does not linger: the timers stop at logout and wait for a login after a reboot`,
    fix: `sudo loginctl enable-linger ${active.user} (or sudo cbi install --system)`,
  };
}

function describeEvent(e: {
  readonly type: string;
  readonly days: string | null;
  readonly time: string;
}): string {
  return `${e.type} at ${e.time.slice(0, 5)} ${e.days ?? 'on some days'}`;
}

/** The wake is there and at the right time (pmset on macOS, the timer's WakeSystem= on Linux). */
export function judgeWake(input: {
  readonly active: JobsInspection | undefined;
  readonly wake: WakeInspection;
  readonly wanted: WantedWake;
  readonly rtcWake: boolean | undefined;
}): CheckResult {
  const { active, wake, wanted } = input;
  if (active === undefined) return { id: 'wake', status: 'skip', detail: 'no jobs installed' };
  if (wake.kind === 'none') return { id: 'wake', status: 'skip', detail: wake.reason };
  if (wake.kind === 'unreadable')
    return { id: 'wake', status: 'warn', detail: `cannot read the wake schedule: ${wake.reason}` };
  if (wake.kind === 'timer') {
    if (active.wakeSystem !== true)
      return {
        id: 'wake',
        status: 'fail',
        detail: 'the nightly timer has WakeSystem=false: a suspended machine sleeps through the night',
        fix: `${active.mode === 'system' ? 'sudo cbi install --system' : 'cbi install'} again`,
      };
    if (input.rtcWake === false)
      return {
        id: 'wake',
        status: 'warn',
        detail: 'no RTC wake alarm here (/sys/class/rtc/rtc0/wakealarm): a suspended machine is not woken',
        fix: 'keep the machine from suspending at night (the runs keep it awake while they work)',
      };
    if (active.mode === 'user')
      return {
        id: 'wake',
        status: 'warn',
        detail:
          'WakeSystem=true in a user timer wakes the machine only where the user manager holds CAP_WAKE_ALARM (systemd/systemd#29245)',
        fix: 'sudo cbi install --system (system timers may wake the machine)',
      };
    return {
      id: 'wake',
      status: 'ok',
      detail: 'the nightly system timer wakes the machine (WakeSystem=true)',
    };
  }
  const on = wake.power.on;
  const expected = `wakepoweron at ${wanted.time.slice(0, 5)} ${wanted.days}`;
  if (on === undefined)
    return {
      id: 'wake',
      status: 'fail',
      detail: `no repeating wake: a sleeping or switched-off Mac misses the night (want ${expected})`,
      fix: `sudo cbi install --system sets it${wake.power.off === undefined ? '' : `, keeping your ${describeEvent(wake.power.off)}`}`,
    };
  if (on.type === 'wakepoweron' && on.days === wanted.days && on.time.slice(0, 5) === wanted.time.slice(0, 5))
    return { id: 'wake', status: 'ok', detail: `${describeEvent(on)} (system time)` };
  return {
    id: 'wake',
    status: 'warn',
    detail: `${describeEvent(on)} is set, not ${expected}: pmset keeps one repeating wake`,
    fix: 'sudo cbi install --system --force replaces it (your sleep or shutdown event is kept)',
  };
}

/** AC power and the settings that keep a wake from leading to a run. */
export function judgePower(readiness: PowerReadiness, platform: string): CheckResult {
  const problems = [...readiness.problems];
  if (readiness.source === 'battery')
    problems.unshift({
      setting: 'power source',
      why:
        platform === 'darwin'
          ? 'on battery: caffeinate -s keeps the Mac awake only on AC power'
          : 'on battery: the night may drain it',
      fix: 'keep the machine plugged in at night',
    });
  if (problems.length === 0)
    return {
      id: 'power',
      status: readiness.source === 'unknown' ? 'skip' : 'ok',
      detail:
        readiness.source === 'unknown'
          ? 'power source unknown here'
          : `${readiness.source.toUpperCase()} power`,
    };
  return {
    id: 'power',
    status: 'warn',
    detail: problems.map((p) => `${p.setting}: ${p.why}`).join('; '),
    fix: problems.map((p) => p.fix).join('; '),
  };
}

/** How many days ahead a coming DST disagreement is worth a warning. */
export const ZONE_WARN_DAYS = 7;

/** The jobs fire when the schedule means (launchd reads the system's zone; systemd takes the zone). */
export function judgeTimeZones(input: {
  readonly active: JobsInspection | undefined;
  readonly configZone: string | null;
  readonly systemZone: string;
  readonly times: readonly ClockTime[];
  readonly now: Date;
}): CheckResult {
  const zone = input.configZone ?? input.systemZone;
  const calendar: readonly CalendarEntry[] = input.active?.calendar ?? [];
  if (calendar.length === 0)
    return { id: 'time_zones', status: 'skip', detail: `no nightly job installed (schedule in ${zone})` };
  const reinstall = `${input.active?.mode === 'system' ? 'sudo cbi install --system' : 'cbi install'} converts it again`;
  const zoned = calendar.filter((c) => c.timeZone !== null);
  if (zoned.length > 0) {
    const wrong = zoned.filter((c) => c.timeZone !== zone || !input.times.includes(c.time));
    if (wrong.length > 0)
      return {
        id: 'time_zones',
        status: 'warn',
        detail: `the timer fires at ${wrong.map((c) => `${c.time} ${c.timeZone ?? ''}`).join(', ')}; the config says ${input.times.join(', ')} ${zone}`,
        fix: reinstall,
      };
    return {
      id: 'time_zones',
      status: 'ok',
      detail: `the timer fires at ${input.times.join(', ')} ${zone} itself`,
    };
  }
  const found = zoneDisagreements({
    times: input.times,
    configZone: zone,
    systemZone: input.systemZone,
    installed: calendar.map((c) => c.time),
    now: input.now,
    days: 60,
  });
  const installed = calendar.map((c) => c.time).join(', ');
  if (found.length === 0)
    return {
      id: 'time_zones',
      status: 'ok',
      detail: `${installed} ${input.systemZone} (system) is ${input.times.join(', ')} ${zone} for the next 60 days`,
    };
  const first = found[0];
  const days =
    first === undefined ? 0 : (Date.parse(`${first.date}T12:00:00Z`) - input.now.getTime()) / 86_400_000;
  const what =
    first === undefined
      ? ''
      : `${first.configured} ${zone} falls at ${first.systemTime} system time from ${first.date}`;
  return {
    id: 'time_zones',
    status: days <= ZONE_WARN_DAYS ? 'warn' : 'ok',
    detail: `launchd fires at ${installed} (${input.systemZone}); ${what} (a DST change in one zone only)`,
    fix: `${reinstall} (after the change)`,
  };
}
