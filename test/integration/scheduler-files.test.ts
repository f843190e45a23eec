import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemdJobSpecs, SystemdScheduler } from '../../src/adapters/linux/systemd-scheduler.js';
import { systemdQuote, systemdUnits } from '../../src/adapters/linux/systemd-units.js';
import { launchAgentSpecs, LaunchdScheduler } from '../../src/adapters/macos/launchd-scheduler.js';
import { launchAgentPlist } from '../../src/adapters/macos/launchd-plist.js';
import type { CbiJobSettings } from '../../src/adapters/shared/cbi-jobs.js';
import { LINUX_REFERENCE, MAC_REFERENCE } from '../support/reference-job-settings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasPython = spawnSync('python3', ['-c', 'import plistlib']).status === 0;
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** The plist parsed by Python's plistlib, as JSON (throws when plistlib rejects it). */
function plistlibLoad(path: string): unknown {
  const result = spawnSync(
    'python3',
    ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', path],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`plistlib rejected ${path}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const awkward: CbiJobSettings = {
  cbi: join(root, 'bin/cbi'),
  home: '/Users/Ann & "Bob" <home> 100%',
  configFile: '/Users/Ann & "Bob" <home> 100%/cbi.config.json',
  time: '23:59',
  timeZone: 'America/Chicago',
  path: '/usr/bin:/bin',
};

describe('reference job files', () => {
  it('launchd/ and systemd/ match what the generators write (regenerate: npm run build && node test/support/reference-jobs.mjs)', async () => {
    const expected: Record<string, string> = {};
    for (const spec of Object.values(launchAgentSpecs(MAC_REFERENCE)))
      expected[`launchd/${spec.label}.plist`] = launchAgentPlist(spec);
    for (const spec of Object.values(systemdJobSpecs(LINUX_REFERENCE))) {
      const units = systemdUnits(spec);
      expected[`systemd/${spec.name}.service`] = units.service;
      expected[`systemd/${spec.name}.timer`] = units.timer;
    }
    expect(Object.keys(expected)).toHaveLength(6);
    for (const [path, content] of Object.entries(expected))
      expect(await readFile(join(root, path), 'utf8'), path).toBe(content);
  });

  it.skipIf(!hasPython)('every checked-in plist loads with plistlib', async () => {
    const names = (await readdir(join(root, 'launchd'))).filter((n) => n.endsWith('.plist'));
    expect(names.sort()).toEqual(['com.cbi.autopilot.nightly.plist', 'com.cbi.autopilot.watchdog.plist']);
    for (const name of names)
      expect(plistlibLoad(join(root, 'launchd', name))).toMatchObject({
        Label: name.replace(/\.plist$/, ''),
      });
  });

  it.skipIf(!hasAnalyze)(
    'every checked-in unit passes systemd-analyze verify (with the real cbi path)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cbi-units-'));
      for (const name of await readdir(join(root, 'systemd'))) {
        const text = (await readFile(join(root, 'systemd', name), 'utf8')).replaceAll(
          '/usr/local/bin/cbi',
          join(root, 'bin/cbi'),
        );
        await writeFile(join(dir, name), text);
      }
      const files = (await readdir(dir)).map((n) => join(dir, n));
      const result = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      await rm(dir, { recursive: true, force: true });
    },
  );
});

describe.skipIf(!hasPython)('launchAgentPlist', () => {
  it('escapes paths so plistlib reads back exactly what was meant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-plist-'));
    const spec = launchAgentSpecs(awkward).nightly;
    const path = join(dir, 'job.plist');
    await writeFile(path, launchAgentPlist(spec));
    expect(plistlibLoad(path)).toEqual({
      Label: 'com.cbi.autopilot.nightly',
      ProgramArguments: [
        '/usr/bin/caffeinate',
        '-ims',
        awkward.cbi,
        'run',
        '--home',
        awkward.home,
        '--trigger',
        'schedule',
        '--config',
        awkward.configFile,
      ],
      StartCalendarInterval: { Hour: 23, Minute: 59 },
      RunAtLoad: false,
      WorkingDirectory: awkward.home,
      StandardOutPath: `${awkward.home}/Logs/nightly/daemon_stdout.log`,
      StandardErrorPath: `${awkward.home}/Logs/nightly/daemon_stderr.log`,
      EnvironmentVariables: { PATH: '/usr/bin:/bin' },
      ProcessType: 'Background',
      AbandonProcessGroup: false,
    });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('systemdUnits', () => {
  it.each([
    { arg: '/usr/bin/cbi', quoted: '/usr/bin/cbi' },
    { arg: '/home/a b', quoted: '"/home/a b"' },
    { arg: '100%', quoted: '100%%' },
    { arg: 'say "hi"', quoted: '"say \\"hi\\""' },
  ])('quotes $arg as $quoted', ({ arg, quoted }) => {
    expect(systemdQuote(arg)).toBe(quoted);
  });

  it.skipIf(!hasAnalyze)('writes units systemd-analyze accepts, even for an awkward home', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-units-'));
    const home = await mkdtemp(join(tmpdir(), 'cbi home 100% "q" '));
    const files: string[] = [];
    for (const spec of Object.values(systemdJobSpecs({ ...awkward, home, configFile: null }))) {
      const units = systemdUnits(spec);
      files.push(join(dir, `${spec.name}.service`), join(dir, `${spec.name}.timer`));
      await writeFile(join(dir, `${spec.name}.service`), units.service);
      await writeFile(join(dir, `${spec.name}.timer`), units.timer);
    }
    const result = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calendar = spawnSync('systemd-analyze', ['calendar', '*-*-* 23:59:00 America/Chicago'], {
      encoding: 'utf8',
    });
    expect(calendar.status).toBe(0);
    await rm(dir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('keeps the watchdog from killing its detached catch-up run (KillMode=process)', () => {
    const units = systemdUnits(systemdJobSpecs(awkward).watchdog);
    expect(units.service).toContain('KillMode=process');
    expect(units.timer).toContain('Persistent=true');
    expect(units.timer).toContain('OnBootSec=5min');
  });
});

describe('schedulers with a stand-in launchctl / systemctl', () => {
  let dir: string;
  let calls: string;
  let tool: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-sched-'));
    calls = join(dir, 'calls.log');
    tool = join(dir, 'tool.sh');
    // Records its arguments; "print"/"is-active" of an unknown job fail like the real tools.
    await writeFile(
      tool,
      `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$*" in *print*|*is-active*) grep -q "enable\\|bootstrap" '${calls}' || exit 3;; esac\nexit 0\n`,
    );
    await chmod(tool, 0o755);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const settings = (): CbiJobSettings => ({
    cbi: '/usr/local/bin/cbi',
    home: dir,
    configFile: null,
    time: '23:59',
    timeZone: null,
    path: '/usr/bin:/bin',
  });

  it('LaunchdScheduler writes both LaunchAgents, loads them in the user domain, and removes them', async () => {
    const scheduler = new LaunchdScheduler({
      ...settings(),
      agentsDir: join(dir, 'LaunchAgents'),
      uid: 501,
      launchctl: tool,
    });
    expect((await scheduler.inspect()).map((j) => [j.name, j.installed, j.loaded])).toEqual([
      ['nightly', false, false],
      ['watchdog', false, false],
    ]);
    const jobs = await scheduler.install();
    expect(jobs.map((j) => [j.label, j.installed, j.loaded])).toEqual([
      ['com.cbi.autopilot.nightly', true, true],
      ['com.cbi.autopilot.watchdog', true, true],
    ]);
    const log = await readFile(calls, 'utf8');
    expect(log).toContain(
      `bootstrap gui/501 ${join(dir, 'LaunchAgents', 'com.cbi.autopilot.nightly.plist')}`,
    );
    expect(log).not.toContain('system');
    await scheduler.uninstall();
    expect(await readdir(join(dir, 'LaunchAgents'))).toEqual([]);
  });

  it('SystemdScheduler writes four user units and enables both timers', async () => {
    const scheduler = new SystemdScheduler({ ...settings(), unitDir: join(dir, 'user'), systemctl: tool });
    const jobs = await scheduler.install();
    expect(jobs.map((j) => [j.label, j.installed, j.loaded])).toEqual([
      ['cbi-nightly.timer', true, true],
      ['cbi-watchdog.timer', true, true],
    ]);
    expect((await readdir(join(dir, 'user'))).sort()).toEqual([
      'cbi-nightly.service',
      'cbi-nightly.timer',
      'cbi-watchdog.service',
      'cbi-watchdog.timer',
    ]);
    expect(await readFile(calls, 'utf8')).toContain(
      '--user enable --now cbi-nightly.timer cbi-watchdog.timer',
    );
    await scheduler.uninstall();
    expect(await readdir(join(dir, 'user'))).toEqual([]);
  });
});
