import { join } from 'node:path';
import { loadConfig } from '../../src/app/config/load-config.js';
import type { JobsDeps } from '../../src/app/jobs/install-jobs.js';
import { jobsSettingsFrom } from '../../src/app/jobs/jobs-settings.js';
import type { Machine } from '../../src/ports/machine.port.js';
import type { PowerManager } from '../../src/ports/power-manager.port.js';
import type { Scheduler } from '../../src/ports/scheduler.port.js';
import type { StatusStore } from '../../src/ports/status-store.port.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeMachine } from '../../src/testing/fake-machine.js';
import { FakePowerManager } from '../../src/testing/fake-power-manager.js';
import { FakeScheduler } from '../../src/testing/fake-scheduler.js';
import { FakeStatusStore } from '../../src/testing/fake-status-store.js';
import { REPO_ROOT } from './repo.js';

/** The cbi the jobs run: the repository's own bin/cbi (absolute). */
export const CBI = join(REPO_ROOT, 'bin', 'cbi');

/** Deps of install/uninstall over a home configured by `config` (the config file's JSON, as a user writes it). */
export async function jobsDeps(options: {
  readonly home: string;
  readonly config?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly now?: string;
  readonly scheduler?: Scheduler;
  readonly power?: PowerManager;
  readonly machine?: Machine;
  readonly status?: StatusStore;
}): Promise<JobsDeps> {
  const config = await loadConfig({
    home: options.home,
    env: options.env ?? {},
    overrides: options.config ?? {},
  });
  return {
    scheduler: options.scheduler ?? new FakeScheduler(),
    power: options.power ?? new FakePowerManager(),
    machine: options.machine ?? new FakeMachine(),
    status: options.status ?? new FakeStatusStore(),
    clock: new FakeClock(options.now ?? '2026-01-15T12:00:00Z'),
    settings: jobsSettingsFrom(config, CBI),
  };
}
