import { mkdir, open } from '../shared/fs-calls.js';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ProcessFailedError } from '../../domain/errors.js';
import type { LaunchRequest, ProcessLauncher } from '../../ports/process-launcher.port.js';
import { errnoCode } from '../shared/node-errors.js';

export interface DetachedProcessLauncherSettings {
  /** The command that is `cbi`: e.g. [process.execPath, '<root>/dist/app/cli/main.js']; tests put a stand-in here. */
  readonly entry: readonly string[];
  /**
   * Put before the entry to keep the machine awake for the child's whole life, e.g.
   * ['caffeinate', '-ims'] on macOS; [] for none (the run also takes its own keep-awake).
   */
  readonly wrapper: readonly string[];
  /** Environment of the child (the parent's when absent). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How often terminate looks whether the process is gone. */
  readonly pollMs?: number;
}

/** Starts runs as detached processes (their own session, output appended to files) and stops them. */
export class DetachedProcessLauncher implements ProcessLauncher {
  constructor(private readonly settings: DetachedProcessLauncherSettings) {}

  async launchDetached(request: LaunchRequest): Promise<number> {
    const [file, ...rest] = [...this.settings.wrapper, ...this.settings.entry, ...request.args];
    if (file === undefined)
      throw new ProcessFailedError('no command to launch', { hint: 'a bug: the launcher has no entry' });
    await mkdir(dirname(request.stdoutFile), { recursive: true });
    await mkdir(dirname(request.stderrFile), { recursive: true });
    const out = await open(request.stdoutFile, 'a');
    const err = await open(request.stderrFile, 'a');
    try {
      // node's spawn, not execa, for this one call: execa's {file} output pipes through the parent
      // (the watchdog would wait hours for the run) and its types refuse raw file descriptors.
      // Still an argument array, never a shell string.
      // loaded here: the hourly watchdog resolves this launcher on every check and launches rarely
      const { spawn } = await import('node:child_process');
      const child = spawn(file, rest, {
        detached: true,
        stdio: ['ignore', out.fd, err.fd],
        env: this.settings.env === undefined ? process.env : { ...this.settings.env },
      });
      child.unref();
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (cause) =>
          reject(
            new ProcessFailedError(`cannot start ${file}: ${cause.message}`, {
              cause,
              hint: 'check that cbi is installed and on the path',
            }),
          ),
        );
      });
      if (child.pid === undefined) throw new ProcessFailedError(`cannot start ${file}: no pid`);
      return child.pid;
    } finally {
      await out.close();
      await err.close();
    }
  }

  async isAlive(pid: number): Promise<boolean> {
    return processExists(pid);
  }

  async terminate(pid: number, graceMs: number): Promise<void> {
    const pollMs = this.settings.pollMs ?? 100;
    if (!signal(pid, 'SIGTERM')) return;
    const until = Date.now() + graceMs;
    while (Date.now() < until) {
      if (!processExists(pid)) return;
      await delay(pollMs);
    }
    signal(pid, 'SIGKILL');
    for (let i = 0; i < 50 && processExists(pid); i++) await delay(pollMs);
    if (processExists(pid))
      throw new ProcessFailedError(`process ${pid} survived SIGKILL`, {
        hint: 'stop it by hand: kill -9 ' + String(pid),
      });
  }
}

/** Signals the process group when `pid` leads one (a detached run and its workers), else the process. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, name);
    return true;
  } catch {
    try {
      process.kill(pid, name);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ESRCH') return false;
      throw new ProcessFailedError(`cannot signal process ${pid}`, { cause: error });
    }
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}
