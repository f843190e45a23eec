import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A home whose disk misbehaves as the test asks; `dispose` unmounts and removes it. */
export interface LimitedHome {
  readonly home: string;
  /** Makes the home read-only from now on (remount, or file modes for a non-root user). */
  makeReadOnly(): Promise<void>;
  dispose(): Promise<void>;
}

/** Why limited homes cannot be made here, or undefined when they can. */
export const LIMITED_HOME_UNAVAILABLE: string | undefined = probe();

function probe(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux tmpfs';
  if (process.getuid?.() !== 0) return undefined; // file modes bind a non-root user: read-only works, sizes do not
  const dir = join(tmpdir(), `cbi-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)';
  } finally {
    execFileSync('rm', ['-rf', dir]);
  }
}

/** Whether a small disk (a sized tmpfs) can be made here: only as root. */
export const SMALL_DISK_UNAVAILABLE: string | undefined =
  LIMITED_HOME_UNAVAILABLE ?? (process.getuid?.() === 0 ? undefined : 'needs root to mount a sized tmpfs');

/**
 * A home on its own tmpfs of `sizeKb` (root), so a test can fill the disk or make it read-only
 * for real; for a non-root user, a plain folder whose modes make it read-only.
 */
export async function limitedHome(sizeKb = 4096): Promise<LimitedHome> {
  const home = await mkdtemp(join(tmpdir(), 'cbi-limited-'));
  const root = process.getuid?.() === 0;
  if (root) execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', home]);
  return {
    home,
    async makeReadOnly() {
      if (root) {
        execFileSync('mount', ['-o', 'remount,ro', home]);
      } else {
        await mkdir(join(home, 'Logs', 'nightly'), { recursive: true });
        for (const folder of [join(home, 'Logs', 'nightly'), join(home, 'Logs'), home])
          await chmod(folder, 0o555);
      }
    },
    async dispose() {
      if (root) execFileSync('umount', ['-l', home]);
      else await chmod(home, 0o755).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
