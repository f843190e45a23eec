import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installJobs, uninstallJobs } from '../../../../src/app/jobs/install-jobs.js';
import type { PlanStep } from '../../../../src/domain/jobs/install-plan.js';
import { FakeMachine } from '../../../../src/testing/fake-machine.js';
import { FakeScheduler } from '../../../../src/testing/fake-scheduler.js';
import { FakeStatusStore } from '../../../../src/testing/fake-status-store.js';
import { lockState } from '../../../../src/testing/contracts/run-records.js';
import { jobsDeps } from '../../../support/jobs-world.js';

const HOME = '/Users/ann/cbi';
const ann = { uid: 501, gid: 20, name: 'ann', homeDir: '/Users/ann' };

function machine(over: Partial<FakeMachine> = {}): FakeMachine {
  const m = new FakeMachine();
  m.owner = ann;
  m.uid = 501;
  for (const folder of [
    '',
    'Logs',
    'Logs/nightly',
    'TrainingData',
    'Models',
    'Models/local',
    'Warehouse',
    '.cbi',
  ])
    m.folders.set(join(HOME, folder), 'missing');
  return Object.assign(m, over);
}

const files = (steps: readonly PlanStep[]) =>
  steps.filter((s): s is Extract<PlanStep, { kind: 'file' }> => s.kind === 'file');

describe('installJobs', () => {
  it.each([
    {
      name: 'a home that belongs to root',
      uid: 0,
      owner: { ...ann, uid: 0, name: 'root' },
      mode: 'system',
      message: /belongs to root/,
    },
    {
      name: 'per-user jobs installed as root',
      uid: 0,
      owner: ann,
      mode: 'user',
      message: /would run as root/,
    },
    { name: 'system jobs without root', uid: 501, owner: ann, mode: 'system', message: /need root/ },
    { name: "somebody else's home, per user", uid: 502, owner: ann, mode: 'user', message: /belongs to ann/ },
  ] as const)(
    'refuses $name (NO_PERMISSION), shows it in a dry run and changes nothing',
    async ({ uid, owner, mode, message }) => {
      const scheduler = new FakeScheduler();
      const deps = await jobsDeps({ home: HOME, scheduler, machine: machine({ uid, owner }) });
      const dry = await installJobs(deps, { mode, dryRun: true, force: false, shell: {} });
      expect(dry.plan.block).toMatchObject({
        code: 'NO_PERMISSION',
        message: expect.stringMatching(message),
      });
      await expect(installJobs(deps, { mode, dryRun: false, force: false, shell: {} })).rejects.toMatchObject(
        { code: 'NO_PERMISSION' },
      );
      expect(scheduler.commands).toEqual([]);
    },
  );

  it("makes the missing home folders as the jobs' user, and the log files launchd appends to", async () => {
    const deps = await jobsDeps({ home: HOME, machine: machine() });
    const { plan } = await installJobs(deps, { mode: 'user', dryRun: true, force: false, shell: {} });
    expect(plan.steps.filter((s) => s.kind === 'folder').map((s) => s.path)).toEqual(
      ['', 'Logs', 'Logs/nightly', 'TrainingData', 'Models', 'Models/local', 'Warehouse', '.cbi'].map((f) =>
        join(HOME, f),
      ),
    );
    expect(
      files(plan.steps)
        .filter((f) => f.path.endsWith('.log'))
        .map((f) => [f.path, f.owner]),
    ).toEqual([
      [join(HOME, 'Logs/nightly/daemon_stdout.log'), { uid: 501, gid: 20 }],
      [join(HOME, 'Logs/nightly/daemon_stderr.log'), { uid: 501, gid: 20 }],
    ]);
  });

  it('puts secrets in a 0600 file of the user, never in the jobs, and says which variables are missing', async () => {
    const scheduler = new FakeScheduler();
    const deps = await jobsDeps({
      home: HOME,
      scheduler,
      machine: machine(),
      config: {
        jobs: {
          environment: { HTTPS_PROXY: 'http://proxy:3128', FRED_API_KEY: 'k3y' },
          passEnvironment: ['WAREHOUSE_TOKEN', 'LANG'],
        },
      },
    });
    const report = await installJobs(deps, {
      mode: 'user',
      dryRun: false,
      force: false,
      shell: { WAREHOUSE_TOKEN: 't0k' },
    });
    const secrets = scheduler.files.get(join(HOME, '.cbi/job-secrets.json'));
    expect(secrets).toEqual({
      content: '{\n  "FRED_API_KEY": "k3y",\n  "WAREHOUSE_TOKEN": "t0k"\n}\n',
      mode: 0o600,
    });
    const spec = scheduler.installedSpec('user');
    expect(spec?.environment).toEqual({ HTTPS_PROXY: 'http://proxy:3128' });
    expect(spec?.secretsFile).toBe(join(HOME, '.cbi/job-secrets.json'));
    expect(report.plan.notes.map((n) => n.text)).toContain(
      'environment: LANG is not set in this shell: the jobs go without it',
    );
  });

  it("records the installing shell's CBI_* overrides in the config the jobs read, and says so", async () => {
    const scheduler = new FakeScheduler();
    const m = machine();
    m.files.set(join(HOME, 'cbi.config.json'), { content: '{ "run": { "minHorizons": 1 } }\n', mode: 0o600 });
    const deps = await jobsDeps({
      home: HOME,
      scheduler,
      machine: m,
      env: { CBI_SOURCE_DIR: '/opt/cbi/data/fred' },
    });
    const report = await installJobs(deps, {
      mode: 'user',
      dryRun: false,
      force: false,
      shell: { CBI_SOURCE_DIR: '/opt/cbi/data/fred' },
    });
    expect(scheduler.files.get(join(HOME, 'cbi.config.json'))).toEqual({
      content:
        '{\n  "run": {\n    "minHorizons": 1\n  },\n  "source": {\n    "dir": "/opt/cbi/data/fred"\n  }\n}\n',
      mode: 0o600,
    });
    expect(scheduler.installedSpec('user')?.configFile).toBe(join(HOME, 'cbi.config.json'));
    expect(report.plan.notes.map((n) => n.text)).toContain(
      `config: records source.dir = "/opt/cbi/data/fred" from CBI_SOURCE_DIR in ${join(HOME, 'cbi.config.json')}, so the jobs and catch-up runs use what this shell does`,
    );
  });

  it('converts the schedule to the system zone for launchd, and says so', async () => {
    const scheduler = new FakeScheduler();
    const m = machine({ zone: 'UTC', platform: 'darwin' });
    const deps = await jobsDeps({
      home: HOME,
      scheduler,
      machine: m,
      config: { schedule: { timeZone: 'America/Chicago', times: ['23:59', '12:00'] } },
    });
    const report = await installJobs(deps, { mode: 'user', dryRun: false, force: false, shell: {} });
    expect(scheduler.installedSpec('user')).toMatchObject({
      times: ['23:59', '12:00'],
      timeZone: 'America/Chicago',
      systemTimes: ['05:59', '18:00'],
    });
    const notes = report.plan.notes.map((n) => n.text).join('\n');
    expect(notes).toContain('schedule: 23:59, 12:00 America/Chicago is 05:59, 18:00 UTC (system time) now');
    expect(notes).toContain('the Mac is woken before the first run (05:59)');
  });

  it('passes a live run to the scheduler, which must not stop it', async () => {
    const scheduler = new FakeScheduler();
    const status = new FakeStatusStore();
    await status.acquireLock(lockState('20260115_055900', '2026-01-15T05:59:00Z', true, { pid: 4711 }).lock);
    await installJobs(await jobsDeps({ home: HOME, scheduler, status, machine: machine() }), {
      mode: 'user',
      dryRun: false,
      force: false,
      shell: {},
    });
    expect(scheduler.planOptions).toEqual([
      { mode: 'user', liveRun: { runId: '20260115_055900', pid: 4711 } },
    ]);
  });

  it('changes nothing in a dry run', async () => {
    const scheduler = new FakeScheduler();
    const report = await installJobs(await jobsDeps({ home: HOME, scheduler, machine: machine() }), {
      mode: 'user',
      dryRun: true,
      force: false,
      shell: {},
    });
    expect(report.applied).toBe(false);
    expect(report.inspection).toBeUndefined();
    expect(scheduler.commands).toEqual([]);
    expect((await scheduler.inspect('user')).jobs.map((j) => j.installed)).toEqual([false, false]);
  });
});

describe('uninstallJobs', () => {
  it('removes the jobs and the secrets file, and keeps the home', async () => {
    const scheduler = new FakeScheduler();
    const m = machine();
    const deps = await jobsDeps({
      home: HOME,
      scheduler,
      machine: m,
      config: { jobs: { environment: { FRED_API_KEY: 'k' } } },
    });
    await installJobs(deps, { mode: 'user', dryRun: false, force: false, shell: {} });
    m.files.set(join(HOME, '.cbi/job-secrets.json'), { content: '{}', mode: 0o600 });
    const report = await uninstallJobs(deps, { mode: 'user', dryRun: false });
    expect(report.plan.steps).toContainEqual({ kind: 'remove', path: join(HOME, '.cbi/job-secrets.json') });
    expect(report.inspection?.jobs.map((j) => j.installed)).toEqual([false, false]);
    expect(report.plan.notes.at(-1)?.text).toBe(`the home ${HOME} and its data stay`);
  });

  it('refuses to remove system jobs without root', async () => {
    const deps = await jobsDeps({ home: HOME, machine: machine() });
    await expect(uninstallJobs(deps, { mode: 'system', dryRun: false })).rejects.toMatchObject({
      code: 'NO_PERMISSION',
    });
  });
});
