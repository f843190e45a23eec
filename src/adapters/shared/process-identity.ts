import { readFile } from './fs-calls.js';
import type { HolderFacts } from '../../domain/night/lock-holder.js';
import { errnoCode } from './node-errors.js';

/**
 * What makes a process unique on this machine beyond its pid: the boot it runs in and when it
 * started. Linux reads /proc; macOS asks sysctl and ps (through execa, loaded only there).
 * Anything the system does not say is undefined, never a guess.
 */
export class ProcessIdentity {
  #bootId: Promise<string | undefined> | undefined;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /** This boot's id (Linux boot_id, macOS kern.bootsessionuuid). */
  bootId(): Promise<string | undefined> {
    this.#bootId ??= this.#readBootId();
    return this.#bootId;
  }

  /** When the process with this pid started, in the system's own terms; undefined if gone or unknown. */
  async processStart(pid: number): Promise<string | undefined> {
    if (this.platform === 'linux') {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      if (stat === undefined) return undefined;
      // The command name may hold spaces and parentheses: fields count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = fields[19];
      return ticks === undefined ? undefined : `ticks:${ticks}`;
    }
    if (this.platform === 'darwin') {
      const started = await run('ps', ['-o', 'lstart=', '-p', String(pid)]);
      return started === undefined || started === '' ? undefined : `lstart:${started}`;
    }
    return undefined;
  }

  /** Whether a process with this pid exists (signal 0; a pid owned by another user exists too). */
  pidExists(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return errnoCode(error) === 'EPERM';
    }
  }

  /** The facts the domain judges a lock holder by. */
  async factsFor(pid: number, host: string): Promise<HolderFacts> {
    const pidExists = this.pidExists(pid);
    return {
      host,
      bootId: await this.bootId(),
      pidExists,
      processStart: pidExists ? await this.processStart(pid) : undefined,
    };
  }

  async #readBootId(): Promise<string | undefined> {
    if (this.platform === 'linux') {
      const id = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
      return id?.trim() || undefined;
    }
    if (this.platform === 'darwin') return (await run('sysctl', ['-n', 'kern.bootsessionuuid'])) || undefined;
    return undefined;
  }
}

async function run(command: string, args: readonly string[]): Promise<string | undefined> {
  const { execa } = await import('execa');
  const result = await execa(command, args, { reject: false, timeout: 5_000 });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
