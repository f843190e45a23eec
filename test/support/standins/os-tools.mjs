// Stand-ins for launchctl, pmset, systemctl, loginctl and getent: they record their arguments
// (calls.jsonl) and answer like the real tools, from a state folder the test sets up. Used where
// the real tool cannot run (no macOS here; systemd is not PID 1). Messages and exit codes are the
// real tools' (launchctl 113 "Could not find service", 5 "Input/output error" for a loaded
// service, 3 "No such process"; pmset's "Must be run as root"; loginctl's "not logged in or lingering").
// Usage (through a wrapper per tool): node os-tools.mjs <tool> <state-dir> <args...>
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [tool, state, ...args] = process.argv.slice(2);
appendFileSync(join(state, 'calls.jsonl'), `${JSON.stringify({ tool, args })}\n`);
const root = existsSync(join(state, 'root'));
const out = (text) => process.stdout.write(`${text}\n`);
const fail = (text, code = 1) => {
  process.stderr.write(`${text}\n`);
  process.exit(code);
};
const readJson = (name, fallback) =>
  existsSync(join(state, name)) ? JSON.parse(readFileSync(join(state, name), 'utf8')) : fallback;
const writeJson = (name, value) => writeFileSync(join(state, name), JSON.stringify(value));
/** Stops the process a test registered as a job's running process, as launchd and systemd would. */
const stopJob = (key) => {
  const pidFile = join(state, 'running', key);
  if (!existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {
    // already gone
  }
};

const tools = {
  launchctl() {
    const [verb, ...rest] = args;
    const loaded = readJson('launchd.json', {});
    if (verb === 'version') return out('Darwin Bootstrapper Version 7.0.0: stand-in');
    if (verb === 'print') {
      if (!loaded[rest[0]])
        fail(`Could not find service "${rest[0].split('/').pop()}" in domain for port`, 113);
      return out(`${rest[0]} = {\n\tstate = waiting\n\tpath = ${loaded[rest[0]]}\n}`);
    }
    if (verb === 'bootstrap') {
      const [domain, path] = rest;
      if (domain === 'system' && !root) fail('Bootstrap failed: 1: Operation not permitted', 1);
      if (!existsSync(path)) fail(`Bootstrap failed: 2: No such file or directory`, 2);
      const label = /<key>Label<\/key>\s*<string>([^<]+)<\/string>/.exec(readFileSync(path, 'utf8'))?.[1];
      if (label === undefined) fail('Bootstrap failed: 5: Input/output error', 5);
      if (loaded[`${domain}/${label}`]) fail('Bootstrap failed: 5: Input/output error', 5);
      loaded[`${domain}/${label}`] = path;
      return writeJson('launchd.json', loaded);
    }
    if (verb === 'bootout') {
      const target = rest[0];
      if (target.startsWith('system/') && !root) fail('Boot-out failed: 1: Operation not permitted', 1);
      if (!loaded[target]) fail('Boot-out failed: 3: No such process', 3);
      loaded[target] = undefined; // dropped when written as JSON
      stopJob(target.split('/').pop());
      return writeJson('launchd.json', loaded);
    }
    fail(`Unrecognized subcommand: ${verb}`, 64);
  },

  pmset() {
    const DAYS = { MTWRFSU: 'every day', MTWRF: 'weekdays only', SU: 'weekends only' };
    const NAMES = {
      M: 'Monday',
      T: 'Tuesday',
      W: 'Wednesday',
      R: 'Thursday',
      F: 'Friday',
      S: 'Saturday',
      U: 'Sunday',
    };
    const power = readJson('pmset.json', { on: null, off: null, oneShot: [] });
    const clock = (time) => {
      const [h, m] = time.split(':').map(Number);
      return `${h > 12 ? h - 12 : h}:${String(m).padStart(2, '0')}${h >= 12 ? 'PM' : 'AM'}`;
    };
    const days = (letters) =>
      letters === null ? 'Some days' : (DAYS[letters] ?? NAMES[letters] ?? 'Some days');
    if (args[0] === '-g' && args[1] === 'sched') {
      if (!power.on && !power.off && power.oneShot.length === 0) return out('No scheduled events.');
      if (power.on || power.off) out('Repeating power events:');
      for (const e of [power.on, power.off].filter(Boolean))
        out(`  ${e.type} at ${clock(e.time)} ${days(e.days)}`);
      if (power.oneShot.length > 0) out('Scheduled power events:');
      power.oneShot.forEach((line, i) => out(` [${i}]  ${line}`));
      return undefined;
    }
    if (args[0] === '-g' && args[1] === 'batt')
      return out(
        `Now drawing from '${power.battery ? 'Battery Power' : 'AC Power'}'\n -InternalBattery-0 (id=1234)\t100%; charged; 0:00 remaining present: true`,
      );
    if (args[0] === '-g' && args[1] === undefined)
      return out(
        `System-wide power settings:\nCurrently in use:\n sleep                1\n autorestart          ${power.autorestart ?? 1}\n displaysleep         10`,
      );
    if (args[0] === 'repeat') {
      if (!root) fail('pmset: Must be run as root to modify settings');
      if (args[1] === 'cancel') return writeJson('pmset.json', { ...power, on: null, off: null });
      // Like powerd: the events of one request replace both; one left out is deleted.
      const next = { ...power, on: null, off: null };
      for (let i = 1; i < args.length; i += 3) {
        const [type, letters, time] = args.slice(i, i + 3);
        if (!/^\d{1,2}:\d{2}:\d{2}$/.test(time ?? '')) fail('Error: badly formatted repeating power event');
        const stored = type === 'wakeorpoweron' ? 'wakepoweron' : type;
        const event = { type: stored, days: letters.toUpperCase(), time: time.slice(0, 5) };
        if (['wakepoweron', 'wake', 'poweron'].includes(stored)) next.on = event;
        else if (['sleep', 'shutdown', 'restart'].includes(stored)) next.off = event;
        else fail('Error: Unspecified scheduled event type');
      }
      return writeJson('pmset.json', next);
    }
    fail(`pmset: unknown arguments ${args.join(' ')}`);
  },

  systemctl() {
    const user = args[0] === '--user';
    const [verb, ...units] = user ? args.slice(1) : args;
    if (verb === '--version') return out('systemd 252 (252.38-1~deb12u1)\n+PAM stand-in');
    const scope = user ? 'user' : 'system';
    // Lingering starts the user's manager in the background, a moment later (see loginctl below).
    const startsAt = existsSync(join(state, 'user-manager-starts-at'))
      ? Number(readFileSync(join(state, 'user-manager-starts-at'), 'utf8'))
      : Infinity;
    if (user && !existsSync(join(state, 'user-manager')) && Date.now() < startsAt)
      fail('Failed to connect to bus: No medium found');
    if (!user && verb !== 'is-enabled' && verb !== 'is-active' && !root)
      fail('Failed to ' + verb + ': Access denied');
    const enabled = readJson(`systemd-${scope}.json`, {});
    if (verb === 'daemon-reload') return undefined;
    if (verb === 'enable') {
      for (const unit of units.filter((u) => u !== '--now')) enabled[unit] = true;
      return writeJson(`systemd-${scope}.json`, enabled);
    }
    if (verb === 'disable') {
      for (const unit of units.filter((u) => u !== '--now')) enabled[unit] = false;
      return writeJson(`systemd-${scope}.json`, enabled);
    }
    if (verb === 'restart' || verb === 'stop') {
      for (const unit of units) if (unit.endsWith('.service')) stopJob(unit);
      return undefined;
    }
    if (verb === 'is-enabled') return enabled[units[0]] ? out('enabled') : fail('disabled', 1);
    if (verb === 'is-active') return enabled[units[0]] ? out('active') : fail('inactive', 3);
    fail(`Unknown command verb ${verb}.`);
  },

  loginctl() {
    const [verb, user] = args;
    const linger = readJson('linger.json', {});
    if (verb === 'show-user') {
      if (linger[user] === undefined) fail(`Failed to get user: User ID 4242 is not logged in or lingering`);
      return out(linger[user] ? 'yes' : 'no');
    }
    if (verb === 'enable-linger') {
      if (!root && !existsSync(join(state, 'polkit-allows-linger')))
        fail('Could not enable linger: Access denied');
      linger[user] = true;
      writeFileSync(join(state, 'user-manager-starts-at'), String(Date.now() + 1500));
      return writeJson('linger.json', linger);
    }
    fail(`Unknown command verb ${verb}.`);
  },

  getent() {
    const users = readJson('users.json', {});
    const line = users[args[1]];
    if (args[0] !== 'passwd' || line === undefined) process.exit(2);
    return out(line);
  },
};

mkdirSync(join(state, 'running'), { recursive: true });
if (!tools[tool]) fail(`no stand-in for ${tool}`, 127);
tools[tool]();
