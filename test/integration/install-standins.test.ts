// cbi install and uninstall end to end, through the real use case, adapters, status store and
// file system, with launchctl, pmset, systemctl, loginctl and getent replaced by stand-ins that
// record their arguments and answer like the real tools (no macOS here, and systemd is not PID 1):
// a first install, a re-install, a re-install while a run is live (it must not kill the run), an
// uninstall, and each failure (no root, a job that would run as root, a tool missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemdInhibitPowerManager } from '../../src/adapters/linux/systemd-inhibit-power-manager.js';
import { SystemdScheduler } from '../../src/adapters/linux/systemd-scheduler.js';
import { LaunchdScheduler } from '../../src/adapters/macos/launchd-scheduler.js';
import { MacosPowerManager } from '../../src/adapters/macos/macos-power-manager.js';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { NodeMachine } from '../../src/adapters/system/node-machine.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { loadConfig } from '../../src/app/config/load-config.js';
import { installJobs, uninstallJobs, type JobsDeps } from '../../src/app/jobs/install-jobs.js';
import { jobsSettingsFrom } from '../../src/app/jobs/jobs-settings.js';
import { NoPermissionError, SchedulerError } from '../../src/domain/errors.js';
import type { JobsMode } from '../../src/domain/jobs/install-plan.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI } from '../support/jobs-world.js';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';
import { osStandins, type OsStandins } from '../support/standins/os-tools.js';

const ANN = 4242;
const runningAsRoot = process.getuid?.() === 0;

interface World {
  readonly home: string;
  readonly sandbox: string;
  readonly tools: OsStandins;
  deps(options: {
    platform: 'darwin' | 'linux';
    uid: number;
    config?: Record<string, unknown>;
    launchctl?: string;
    systemctl?: string;
  }): Promise<JobsDeps>;
}

async function world(): Promise<World & { dispose(): Promise<void> }> {
  const sandbox = await mkdtemp(join(tmpdir(), 'cbi-install-'));
  const home = join(sandbox, 'home of ann');
  await mkdir(home);
  await chown(home, ANN, ANN);
  const tools = await osStandins();
  await tools.setUsers({ [String(ANN)]: `ann:x:${ANN}:${ANN}::${join(sandbox, 'ann')}:/bin/zsh` });
  return {
    home,
    sandbox,
    tools,
    async deps({ platform, uid, config = {}, launchctl, systemctl }) {
      await writeFile(join(home, 'cbi.config.json'), JSON.stringify(config));
      await chown(join(home, 'cbi.config.json'), ANN, ANN);
      const loaded = await loadConfig({ home, env: {} });
      const machine = new NodeMachine({
        platform,
        nodeVersion: '24.1.0',
        uid,
        userLookup: [tools.tools.getent, 'passwd'],
      });
      const me = { uid: ANN, userName: 'ann' };
      return {
        scheduler:
          platform === 'darwin'
            ? new LaunchdScheduler({
                ...me,
                userHome: join(sandbox, 'ann'),
                daemonsDir: join(sandbox, 'LaunchDaemons'),
                launchctl: launchctl ?? tools.tools.launchctl,
              })
            : new SystemdScheduler({
                ...me,
                userUnitDir: join(sandbox, 'ann/.config/systemd/user'),
                systemUnitDir: join(sandbox, 'etc-systemd-system'),
                systemctl: systemctl ?? tools.tools.systemctl,
                loginctl: tools.tools.loginctl,
              }),
        power:
          platform === 'darwin'
            ? new MacosPowerManager({ pid: process.pid, pmset: tools.tools.pmset }, new FakeLogger())
            : new SystemdInhibitPowerManager(
                { pid: process.pid, sysfs: join(sandbox, 'sys') },
                new FakeLogger(),
              ),
        machine,
        status: new FsStatusStore({ home, host: hostname() }, new FakeLogger()),
        clock: new SystemClock(),
        settings: jobsSettingsFrom(loaded, CBI),
      };
    },
    async dispose() {
      await tools.dispose();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

/** A live run of the home: a real process holding the run lock (as `cbi run` does). */
async function liveRun(home: string): Promise<ChildProcess> {
  const child = spawn(NODE_BIN, [join(REPO_ROOT, 'test/support/home-actor.mjs'), 'hold', home, 'live-run'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('acquired') && resolve()),
  );
  return child;
}

const alive = (pid: number | undefined): boolean => {
  try {
    process.kill(pid ?? -1, 0);
    return true;
  } catch {
    return false;
  }
};

const install = (deps: JobsDeps, mode: JobsMode, force = false) =>
  installJobs(deps, { mode, dryRun: false, force, shell: {} });

describe.skipIf(!runningAsRoot)(
  `launchd system jobs with stand-in launchctl and pmset (no macOS here)${runningAsRoot ? '' : ' (skipped: needs root to chown the sandbox)'}`,
  () => {
    let w: World & { dispose(): Promise<void> };
    beforeEach(async () => {
      w = await world();
      await w.tools.setRoot(true);
    });
    afterEach(() => w.dispose());

    it('first install: LaunchDaemons as root:wheel 0644 running as ann, loaded in the system domain, the wake set, the home made', async () => {
      const deps = await w.deps({
        platform: 'darwin',
        uid: 0,
        config: { jobs: { environment: { FRED_API_KEY: 'k3y' } } },
      });
      const report = await install(deps, 'system');
      expect(report.inspection?.jobs.map((j) => [j.label, j.installed, j.loaded])).toEqual([
        ['com.cbi.autopilot.nightly', true, true],
        ['com.cbi.autopilot.watchdog', true, true],
      ]);
      const daemons = join(w.sandbox, 'LaunchDaemons');
      expect(await w.tools.lines('launchctl')).toEqual([
        'version',
        'print system/com.cbi.autopilot.nightly',
        'print system/com.cbi.autopilot.watchdog',
        `bootstrap system ${daemons}/com.cbi.autopilot.nightly.plist`,
        `bootstrap system ${daemons}/com.cbi.autopilot.watchdog.plist`,
        'print system/com.cbi.autopilot.nightly',
        'print system/com.cbi.autopilot.watchdog',
      ]);
      expect(await w.tools.lines('pmset')).toEqual(['-g sched', 'repeat wakeorpoweron MTWRFSU 23:54:00']);
      const plist = await stat(join(daemons, 'com.cbi.autopilot.nightly.plist'));
      expect([plist.uid, plist.gid, plist.mode & 0o777]).toEqual([0, 0, 0o644]);
      expect(await readFile(join(daemons, 'com.cbi.autopilot.nightly.plist'), 'utf8')).toContain(
        '<key>UserName</key>\n    <string>ann</string>',
      );
      for (const folder of [
        'Logs/nightly',
        'TrainingData',
        'Models/local',
        'Warehouse',
        '.cbi',
        'Logs/nightly/daemon_stderr.log',
      ])
        expect((await stat(join(w.home, folder))).uid, folder).toBe(ANN);
      const secrets = await stat(join(w.home, '.cbi/job-secrets.json'));
      expect([secrets.uid, secrets.mode & 0o777]).toEqual([ANN, 0o600]);
      expect(JSON.parse(await readFile(join(w.home, '.cbi/wake.json'), 'utf8'))).toEqual({
        days: 'MTWRFSU',
        time: '23:54:00',
      });
    });

    it('re-install changes nothing and runs no mutating command', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: 0 });
      await install(deps, 'system');
      const before = (await w.tools.calls()).length;
      const again = await install(deps, 'system');
      expect(again.plan.steps).toEqual([]);
      const mutating = (await w.tools.calls())
        .slice(before)
        .filter((c) => /bootstrap|bootout|repeat/.test(c.args.join(' ')));
      expect(mutating).toEqual([]);
    });

    it('re-install while a run is live leaves the nightly job loaded and the run alive; without one it reloads it', async () => {
      await install(await w.deps({ platform: 'darwin', uid: 0 }), 'system');
      const run = await liveRun(w.home);
      try {
        await w.tools.running('com.cbi.autopilot.nightly', run.pid ?? -1);
        const changed = await w.deps({ platform: 'darwin', uid: 0, config: { schedule: { time: '02:00' } } });
        const before = (await w.tools.calls()).length;
        const report = await install(changed, 'system');
        const calls = (await w.tools.calls()).slice(before).map((c) => `${c.tool} ${c.args.join(' ')}`);
        expect(calls.filter((c) => c.includes('bootout') || c.includes('bootstrap'))).toEqual([]);
        expect(calls).toContain('pmset repeat wakeorpoweron MTWRFSU 01:55:00');
        expect(alive(run.pid)).toBe(true);
        expect(report.plan.notes.map((n) => n.text).join('\n')).toMatch(
          /run live-run \(pid \d+\) is live: com\.cbi\.autopilot\.nightly is left as it is/,
        );
      } finally {
        run.kill('SIGKILL');
      }
      await new Promise((r) => setTimeout(r, 200));
      const before = (await w.tools.calls()).length;
      await install(
        await w.deps({ platform: 'darwin', uid: 0, config: { schedule: { time: '02:00' } } }),
        'system',
      );
      expect(
        (await w.tools.calls())
          .slice(before)
          .map((c) => c.args.join(' '))
          .filter((a) => /boot/.test(a)),
      ).toEqual([
        'bootout system/com.cbi.autopilot.nightly',
        `bootstrap system ${join(w.sandbox, 'LaunchDaemons')}/com.cbi.autopilot.nightly.plist`,
      ]);
    });

    it("uninstall unloads and removes both daemons, removes cbi's wake only, and forgets the secrets", async () => {
      await w.tools.setPmset({ off: { type: 'shutdown', days: 'MTWRF', time: '02:00' } });
      const deps = await w.deps({
        platform: 'darwin',
        uid: 0,
        config: { jobs: { environment: { FRED_API_KEY: 'k3y' } } },
      });
      await install(deps, 'system');
      const before = (await w.tools.calls()).length;
      const report = await uninstallJobs(deps, { mode: 'system', dryRun: false });
      const calls = (await w.tools.calls()).slice(before).map((c) => `${c.tool} ${c.args.join(' ')}`);
      expect(calls.filter((c) => /bootout|repeat/.test(c))).toEqual([
        'launchctl bootout system/com.cbi.autopilot.nightly',
        'launchctl bootout system/com.cbi.autopilot.watchdog',
        'pmset repeat shutdown MTWRF 02:00:00',
      ]);
      expect(report.inspection?.jobs.map((j) => j.installed)).toEqual([false, false]);
      expect(await w.tools.pmsetState()).toMatchObject({
        on: null,
        off: { type: 'shutdown', days: 'MTWRF', time: '02:00' },
      });
      await expect(stat(join(w.home, '.cbi/job-secrets.json'))).rejects.toThrow();
      await expect(stat(join(w.home, '.cbi/wake.json'))).rejects.toThrow();
    });

    it('refuses system jobs without root (exit 77), and writes nothing', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: ANN });
      await expect(install(deps, 'system')).rejects.toBeInstanceOf(NoPermissionError);
      const dry = await installJobs(deps, { mode: 'system', dryRun: true, force: false, shell: {} });
      expect(dry.plan.block).toMatchObject({
        code: 'NO_PERMISSION',
        hint: expect.stringContaining('sudo cbi install --system'),
      });
      expect((await w.tools.calls()).filter((c) => /bootstrap|repeat/.test(c.args.join(' ')))).toEqual([]);
      await expect(stat(join(w.sandbox, 'LaunchDaemons'))).rejects.toThrow();
    });

    it('refuses a home that belongs to root: the jobs would run as root', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: 0 });
      await chown(w.home, 0, 0);
      await expect(install(deps, 'system')).rejects.toMatchObject({
        code: 'NO_PERMISSION',
        message: expect.stringContaining('belongs to root'),
      });
    });

    it('fails before writing anything when launchctl is missing', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: 0, launchctl: join(w.sandbox, 'no-launchctl') });
      await expect(install(deps, 'system')).rejects.toMatchObject({
        code: 'SCHEDULER_FAILED',
        message: expect.stringContaining('launchctl not found'),
      });
      await expect(stat(join(w.sandbox, 'LaunchDaemons'))).rejects.toThrow();
    });

    it('names the command and what to try when launchctl refuses to load a daemon', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: 0 });
      await w.tools.setRoot(false); // the app believes it is root; launchd does not
      const failure = install(deps, 'system');
      await expect(failure).rejects.toBeInstanceOf(SchedulerError);
      await expect(failure).rejects.toMatchObject({
        message: expect.stringMatching(
          /launchctl bootstrap system .*com\.cbi\.autopilot\.nightly\.plist failed \(load the nightly job\): Bootstrap failed: 1: Operation not permitted/,
        ),
        hint: expect.stringContaining('plutil -lint'),
      });
    });

    it('per-user LaunchAgents go to gui/<uid> and leave the wake to a sudo command', async () => {
      const deps = await w.deps({ platform: 'darwin', uid: ANN });
      const report = await install(deps, 'user');
      expect(await w.tools.lines('launchctl')).toContain(
        `bootstrap gui/${ANN} ${join(w.sandbox, 'ann/Library/LaunchAgents')}/com.cbi.autopilot.nightly.plist`,
      );
      expect(await w.tools.lines('pmset')).toEqual(['-g sched']);
      expect(report.plan.notes.find((n) => n.level === 'action')?.text).toContain(
        'sudo pmset repeat wakeorpoweron MTWRFSU 23:54:00',
      );
    });
  },
);

describe.skipIf(!runningAsRoot)(
  `systemd timers with stand-in systemctl and loginctl (systemd is not PID 1 here)${runningAsRoot ? '' : ' (skipped: needs root to chown the sandbox)'}`,
  () => {
    let w: World & { dispose(): Promise<void> };
    beforeEach(async () => {
      w = await world();
      await w.tools.setUserManager(true);
    });
    afterEach(() => w.dispose());

    const timers = 'cbi-nightly.timer cbi-watchdog.timer';

    it('first user install: units, lingering, both timers enabled (what systemctl --user list-timers shows)', async () => {
      await w.tools.allowSelfLinger(true);
      const report = await install(await w.deps({ platform: 'linux', uid: ANN }), 'user');
      expect(await w.tools.lines('loginctl')).toEqual([
        'show-user ann --property=Linger --value',
        'enable-linger ann',
        'show-user ann --property=Linger --value',
      ]);
      expect((await w.tools.lines('systemctl')).filter((l) => !/^(--version|--user is-)/.test(l))).toEqual([
        '--user daemon-reload',
        `--user enable --now ${timers}`,
      ]);
      expect(await w.tools.systemdEnabled('user')).toEqual(['cbi-nightly.timer', 'cbi-watchdog.timer']);
      expect(report.inspection).toMatchObject({
        linger: true,
        wakeSystem: true,
        calendar: [{ time: '23:59', timeZone: null }],
      });
    });

    it('waits for the user manager that enabling lingering starts (it comes up a moment later)', async () => {
      await w.tools.setUserManager(false);
      await w.tools.allowSelfLinger(true);
      await install(await w.deps({ platform: 'linux', uid: ANN }), 'user');
      const reloads = (await w.tools.lines('systemctl')).filter((l) => l === '--user daemon-reload');
      expect(reloads.length).toBeGreaterThan(1);
      expect(await w.tools.systemdEnabled('user')).toEqual(['cbi-nightly.timer', 'cbi-watchdog.timer']);
    });

    it('says how to enable lingering when it may not, and still installs', async () => {
      const report = await install(await w.deps({ platform: 'linux', uid: ANN }), 'user');
      expect(report.warnings).toEqual([
        'could not enable lingering: the timers run only while ann is logged in; run: sudo loginctl enable-linger ann (Could not enable linger: Access denied)',
      ]);
      expect(await w.tools.systemdEnabled('user')).toEqual(['cbi-nightly.timer', 'cbi-watchdog.timer']);
    });

    it('re-install with a new time while a run is live restarts the timer only: the service and its run go on', async () => {
      await w.tools.setLinger('ann', true);
      await install(await w.deps({ platform: 'linux', uid: ANN }), 'user');
      const run = await liveRun(w.home);
      try {
        await w.tools.running('cbi-nightly.service', run.pid ?? -1);
        const before = (await w.tools.calls()).length;
        await install(
          await w.deps({ platform: 'linux', uid: ANN, config: { schedule: { times: ['02:00', '14:00'] } } }),
          'user',
        );
        const lines = (await w.tools.calls())
          .slice(before)
          .filter((c) => c.tool === 'systemctl')
          .map((c) => c.args.join(' '));
        expect(lines.filter((l) => !/^(--version|--user is-)/.test(l))).toEqual([
          '--user daemon-reload',
          `--user enable --now ${timers}`,
          '--user restart cbi-nightly.timer',
        ]);
        expect(alive(run.pid)).toBe(true);
        const timer = await readFile(join(w.sandbox, 'ann/.config/systemd/user/cbi-nightly.timer'), 'utf8');
        expect(timer.match(/^OnCalendar=.*$/gm)).toEqual([
          'OnCalendar=*-*-* 02:00:00',
          'OnCalendar=*-*-* 14:00:00',
        ]);
      } finally {
        run.kill('SIGKILL');
      }
    });

    it('uninstall disables the timers and removes the units, never stopping a service', async () => {
      await w.tools.setLinger('ann', true);
      const deps = await w.deps({ platform: 'linux', uid: ANN });
      await install(deps, 'user');
      const before = (await w.tools.calls()).length;
      const report = await uninstallJobs(deps, { mode: 'user', dryRun: false });
      const lines = (await w.tools.calls())
        .slice(before)
        .filter((c) => c.tool === 'systemctl')
        .map((c) => c.args.join(' '));
      expect(lines.filter((l) => !/ is-/.test(l))).toEqual([
        `--user disable --now ${timers}`,
        '--user daemon-reload',
      ]);
      expect(report.inspection?.jobs.map((j) => j.installed)).toEqual([false, false]);
      expect(await w.tools.systemdEnabled('user')).toEqual([]);
    });

    it('system units run as ann (User=ann) and need root', async () => {
      await w.tools.setRoot(true);
      await install(await w.deps({ platform: 'linux', uid: 0 }), 'system');
      expect(await readFile(join(w.sandbox, 'etc-systemd-system/cbi-nightly.service'), 'utf8')).toMatch(
        /^User=ann$/m,
      );
      expect(await w.tools.systemdEnabled('system')).toEqual(['cbi-nightly.timer', 'cbi-watchdog.timer']);
      await expect(install(await w.deps({ platform: 'linux', uid: ANN }), 'system')).rejects.toBeInstanceOf(
        NoPermissionError,
      );
    });

    it('fails with the lingering hint when no user systemd runs', async () => {
      await w.tools.setUserManager(false);
      await w.tools.setLinger('ann', false);
      await expect(install(await w.deps({ platform: 'linux', uid: ANN }), 'user')).rejects.toMatchObject({
        code: 'SCHEDULER_FAILED',
        message: expect.stringContaining('Failed to connect to bus'),
        hint: expect.stringContaining('sudo loginctl enable-linger ann'),
      });
    });

    it('fails before writing anything when systemctl is missing', async () => {
      const deps = await w.deps({ platform: 'linux', uid: ANN, systemctl: join(w.sandbox, 'no-systemctl') });
      await expect(install(deps, 'user')).rejects.toMatchObject({
        code: 'SCHEDULER_FAILED',
        message: expect.stringContaining('no systemd'),
      });
      await expect(stat(join(w.sandbox, 'ann/.config/systemd/user'))).rejects.toThrow();
    });
  },
);
