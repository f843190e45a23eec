import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts one booster worker process (compiled JavaScript, no loaders of the parent). Its one
 * argument is this process's pid, the parent it must not outlive (see dieWithParent).
 */
export function forkBoosterWorker(script: string): ChildProcess {
  return fork(script, [String(process.pid)], {
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Idle OpenMP threads sleep instead of spinning: with several jobs (or other work) on few
    // cores, spinning threads starve the busy ones (measured: 3.4 s -> 25 s for one job).
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
  });
}

/**
 * Hands out worker processes, one per job, keeping one started ahead of need: a job takes the
 * warm spare (Node, koffi and the worker already loaded, ~0.15-0.3 s saved) and a new spare
 * starts while the job runs. A spare never serves two jobs, so each job still has a fresh
 * process. It does not keep the parent alive (unref'd) and exits when the parent goes (its IPC
 * channel closes, or the parent dies).
 */
export class BoosterWorkerPool {
  private spare: { readonly script: string; readonly child: ChildProcess } | undefined;

  constructor(private readonly keepSpare: boolean) {}

  take(script: string): ChildProcess {
    const spare = this.spare;
    this.spare = undefined;
    let child: ChildProcess;
    if (spare !== undefined && spare.script === script && isIdleAlive(spare.child)) {
      child = spare.child;
      setReferenced(child, true);
    } else {
      if (spare !== undefined) spare.child.kill('SIGKILL');
      child = forkBoosterWorker(script);
    }
    if (this.keepSpare) {
      const next = forkBoosterWorker(script);
      next.on('error', () => undefined); // a spare that fails to start is replaced at the next take
      setReferenced(next, false);
      this.spare = { script, child: next };
    }
    return child;
  }
}

function isIdleAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

/** The process, its IPC channel and its output pipes each hold the parent's event loop open. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  for (const handle of [child, child.channel, child.stdout, child.stderr]) {
    if (!isReferable(handle)) continue;
    if (referenced) handle.ref();
    else handle.unref();
  }
}

interface Referable {
  ref(): unknown;
  unref(): unknown;
}

function isReferable(handle: unknown): handle is Referable {
  return (
    typeof handle === 'object' &&
    handle !== null &&
    'ref' in handle &&
    'unref' in handle &&
    typeof handle.ref === 'function' &&
    typeof handle.unref === 'function'
  );
}
