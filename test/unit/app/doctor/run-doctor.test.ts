// One test per doctor check, each making the check fail (or warn) for the reason it exists,
// through the use case and the fakes of every port; a healthy world passes them all.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorDeps } from '../../../../src/app/doctor/run-doctor.js';
import { jobsSettingsFrom } from '../../../../src/app/jobs/jobs-settings.js';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import type { DoctorCheckId } from '../../../../src/domain/doctor/doctor-report.js';
import { SchedulerError, WarehouseUnavailableError } from '../../../../src/domain/errors.js';
import { FakeAlerter } from '../../../../src/testing/fake-alerter.js';
import { FakeClock } from '../../../../src/testing/fake-clock.js';
import { FakeMachine } from '../../../../src/testing/fake-machine.js';
import { FakeModelTrainer } from '../../../../src/testing/fake-model-trainer.js';
import { FakePowerManager } from '../../../../src/testing/fake-power-manager.js';
import { FakeScheduler } from '../../../../src/testing/fake-scheduler.js';
import { FakeStatusStore } from '../../../../src/testing/fake-status-store.js';
import { FakeWarehouse } from '../../../../src/testing/fake-warehouse.js';
import { lockState, runRecord } from '../../../../src/testing/contracts/run-records.js';
import { installJobs, type JobsDeps } from '../../../../src/app/jobs/install-jobs.js';

const HOME = '/Users/ann/cbi';
const NOW = '2026-01-15T12:00:00Z';

interface World {
  machine: FakeMachine;
  power: FakePowerManager;
  status: FakeStatusStore;
  scheduler: FakeScheduler;
  trainers: FakeModelTrainer[];
  warehouse: FakeWarehouse;
  alerters: FakeAlerter[];
  config: Record<string, unknown>;
  schedulerMissing?: boolean;
}

async function healthyWorld(): Promise<World> {
  const machine = new FakeMachine();
  machine.platform = 'darwin';
  machine.zone = 'America/Chicago';
  machine.files.set(join(HOME, 'Warehouse/cbi.duckdb'), { content: '', mode: 0o644 });
  const power = new FakePowerManager();
  power.repeating = { on: { type: 'wakepoweron', days: 'MTWRFSU', time: '23:54:00' } };
  const status = new FakeStatusStore();
  await status.recordRun(runRecord('20260115_055900', 'success', '2026-01-15T05:59:00Z'));
  const w: World = {
    machine,
    power,
    status,
    scheduler: new FakeScheduler(),
    trainers: [
      new FakeModelTrainer({ library: 'lightgbm', version: '4.1.0' }),
      new FakeModelTrainer({ library: 'xgboost', version: '2.0.3' }),
    ],
    warehouse: new FakeWarehouse(),
    alerters: [new FakeAlerter('log'), new FakeAlerter('webhook')],
    config: {
      schedule: { timeZone: 'America/Chicago', time: '23:59' },
      alert: { channels: [{ kind: 'log' }, { kind: 'webhook', url: 'https://hooks.example.org/T0/B0/x' }] },
    },
  };
  // Installed as a user would: the install use case over the same fakes.
  await installJobs(await jobsDepsOf(w), { mode: 'user', dryRun: false, force: false, shell: {} });
  return w;
}

async function jobsDepsOf(w: World, now = NOW): Promise<JobsDeps> {
  const config = await loadConfig({ home: HOME, env: {}, overrides: w.config });
  return {
    scheduler: w.scheduler,
    power: w.power,
    machine: w.machine,
    status: w.status,
    clock: new FakeClock(now),
    settings: jobsSettingsFrom(config, '/opt/cbi/bin/cbi'),
  };
}

async function doctorDepsOf(w: World, now = NOW): Promise<DoctorDeps> {
  const config = await loadConfig({ home: HOME, env: {}, overrides: w.config });
  return {
    clock: new FakeClock(now),
    machine: w.machine,
    power: w.power,
    status: w.status,
    scheduler: async () => {
      if (w.schedulerMissing === true) throw new SchedulerError('no scheduler for freebsd');
      return w.scheduler;
    },
    trainers: async () => w.trainers,
    warehouse: async () => w.warehouse,
    alerters: async () => w.alerters,
    settings: {
      jobs: jobsSettingsFrom(config, '/opt/cbi/bin/cbi'),
      productVersion: '0.1.0',
      minFreeGb: config.doctor.minFreeGb,
      maxAgeHours: config.watchdog.maxAgeHours,
      warehouse: { kind: 'duckdb', path: join(HOME, 'Warehouse/cbi.duckdb') },
      alertChannels: config.alert.channels.map((c) => ({ kind: c.kind, on: c.on })),
      host: 'test-host',
    },
  };
}

async function statusOf(w: World, id: DoctorCheckId, options = { sendTestAlert: false }) {
  const report = await runDoctor(await doctorDepsOf(w), options);
  const check = report.checks.find((c) => c.id === id);
  return { check, report };
}

describe('runDoctor', () => {
  let w: World;
  beforeEach(async () => {
    w = await healthyWorld();
  });

  it('passes a healthy machine (exit 0)', async () => {
    const report = await runDoctor(await doctorDepsOf(w), { sendTestAlert: true });
    expect(report.checks.filter((c) => c.status !== 'ok' && c.status !== 'skip')).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(w.alerters[1]?.sent[0]?.subject).toBe('cbi-autopilot: test alert from cbi doctor on test-host');
  });

  it('runtime: fails on a Node older than 22', async () => {
    w.machine.nodeVersion = '20.20.2';
    expect((await statusOf(w, 'runtime')).check?.status).toBe('fail');
  });

  it('boosters: fails when a library does not load', async () => {
    w.trainers = [new FakeModelTrainer({ library: 'xgboost', missingLibrary: true })];
    expect((await statusOf(w, 'boosters')).check).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('xgboost library not found'),
    });
  });

  it('home: fails on a folder the jobs cannot write', async () => {
    w.machine.folders.set(join(HOME, 'Models/local'), 'read-only');
    expect((await statusOf(w, 'home')).check).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Models/local read-only'),
    });
  });

  it('disk: warns under the configured minimum', async () => {
    w.machine.free = 5 * 1024 ** 3;
    expect((await statusOf(w, 'disk')).check?.status).toBe('warn');
  });

  it('jobs: fails when the jobs are not loaded', async () => {
    w.scheduler.loaded.nightly = false;
    const { check, report } = await statusOf(w, 'jobs');
    expect(check).toMatchObject({
      status: 'fail',
      detail: 'com.cbi.autopilot.nightly installed, not loaded',
    });
    expect(report.exitCode).toBe(1);
  });

  it('jobs: is skipped, not failed, where there is no scheduler', async () => {
    w.schedulerMissing = true;
    expect((await statusOf(w, 'jobs')).check).toMatchObject({
      status: 'skip',
      detail: 'no scheduler for freebsd',
    });
  });

  it('wake: fails when no repeating wake is set', async () => {
    w.power.repeating = {};
    expect((await statusOf(w, 'wake')).check).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('sudo cbi install --system'),
    });
  });

  it('power: warns on battery', async () => {
    w.power.readinessFacts = { source: 'battery', problems: [] };
    expect((await statusOf(w, 'power')).check?.status).toBe('warn');
  });

  it('time zones: warns when the system zone and the schedule disagree after a DST change', async () => {
    // Installed in January on a Mac in London: 23:59 Chicago is 05:59 there. On March 10 Chicago
    // is on daylight time and London not yet: the run now means 04:59 London.
    w.machine.zone = 'Europe/London';
    await installJobs(await jobsDepsOf(w), { mode: 'user', dryRun: false, force: true, shell: {} });
    const report = await runDoctor(await doctorDepsOf(w, '2026-03-10T12:00:00Z'), { sendTestAlert: false });
    expect(report.checks.find((c) => c.id === 'time_zones')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('04:59 system time'),
    });
  });

  it("job secrets: fails when the jobs' secrets file is readable by others", async () => {
    w.config = { ...w.config, jobs: { environment: { FRED_API_KEY: 'k' } } };
    w.machine.files.set(join(HOME, '.cbi/job-secrets.json'), { content: '{}', mode: 0o644 });
    expect((await statusOf(w, 'job_secrets')).check?.status).toBe('fail');
  });

  it('warehouse: fails when it does not answer', async () => {
    w.warehouse.failNext(
      1,
      () => new WarehouseUnavailableError('cannot open the DuckDB file: database is locked'),
    );
    expect((await statusOf(w, 'warehouse')).check).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('database is locked'),
    });
  });

  it('warehouse: stays off the DuckDB file while a run holds it', async () => {
    await w.status.acquireLock(lockState('20260115_180000', '2026-01-15T11:59:00Z', true).lock);
    expect((await statusOf(w, 'warehouse')).check?.status).toBe('skip');
  });

  it('alerts: fails when the test alert is not delivered', async () => {
    const webhook = w.alerters[1];
    if (webhook) webhook.failing = 'hooks.example.org answered HTTP 404';
    expect((await statusOf(w, 'alerts', { sendTestAlert: true })).check?.status).toBe('fail');
  });

  it('last success: fails when it is older than the watchdog allows', async () => {
    w.status = new FakeStatusStore();
    await w.status.recordRun(runRecord('20260113_055900', 'success', '2026-01-13T05:59:00Z'));
    expect((await statusOf(w, 'last_success')).check?.status).toBe('fail');
  });

  it('turns a check that throws into a failed check, and goes on', async () => {
    w.machine.folders.set(HOME, 'missing'); // freeBytes of a missing folder throws in the fake
    const { check, report } = await statusOf(w, 'disk');
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('could not check') });
    expect(report.checks.length).toBeGreaterThan(10);
  });
});
