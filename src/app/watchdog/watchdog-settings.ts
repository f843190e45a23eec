import { LOCAL_TIME_ZONE, scheduleTimes, type DailySchedule } from '../../domain/watchdog/schedule.js';
import type { Config } from '../config/config-schema.js';
import type { WatchdogSettings } from './run-watchdog.js';

/** The schedule in force: the configured zone, else this machine's (the process's local time). */
export function scheduleFrom(config: Config): DailySchedule {
  return {
    timeZone: config.schedule.timeZone ?? LOCAL_TIME_ZONE,
    time: config.schedule.time,
    times: scheduleTimes(config.schedule),
  };
}

/** The watchdog's settings from the validated config. */
export function watchdogSettingsFrom(config: Config, host: string): WatchdogSettings {
  const watchdog = config.watchdog;
  return {
    home: config.home,
    host,
    configFile: config.configFile,
    health: {
      schedule: scheduleFrom(config),
      graceMinutes: config.schedule.graceMinutes,
      maxAgeHours: watchdog.maxAgeHours,
      failuresForIncident: watchdog.failuresForIncident,
    },
    incident: {
      failuresForIncident: watchdog.failuresForIncident,
      reminderMinHours: watchdog.reminderMinHours,
      retryBaseMinutes: watchdog.retryBaseMinutes,
      retryMaxMinutes: watchdog.retryMaxMinutes,
    },
    stopGraceMs: watchdog.stopGraceSeconds * 1000,
    historyLimit: watchdog.historyLimit,
    launchSettleMs: 60_000,
  };
}
