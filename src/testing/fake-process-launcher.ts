import { ProcessFailedError } from '../domain/errors.js';
import type { LaunchRequest, ProcessLauncher } from '../ports/process-launcher.port.js';

/** One process the fake started. */
export interface FakeLaunch {
  readonly pid: number;
  readonly request: LaunchRequest;
}

/**
 * A stateful launcher: it hands out pids, remembers what it launched and which pids live, and
 * `terminate` kills them. Tests mark pids dead (`kill`) or alive (`adopt`) to play the runs.
 */
export class FakeProcessLauncher implements ProcessLauncher {
  readonly launched: FakeLaunch[] = [];
  readonly terminated: { pid: number; graceMs: number }[] = [];
  readonly #alive = new Set<number>();
  #nextPid: number;
  /** When set, launchDetached throws ProcessFailedError with this message. */
  failing: string | undefined;
  /** Called with each terminate before the pid dies, e.g. to let the run record its interrupt. */
  onTerminate: ((pid: number) => void | Promise<void>) | undefined;
  /** Called with each launch, e.g. to play the run against a fake status store. */
  onLaunch: ((launch: FakeLaunch) => void | Promise<void>) | undefined;

  constructor(firstPid = 50_000) {
    this.#nextPid = firstPid;
  }

  async launchDetached(request: LaunchRequest): Promise<number> {
    if (this.failing !== undefined)
      throw new ProcessFailedError(`cannot start ${request.args.join(' ')}: ${this.failing}`);
    const pid = this.#nextPid++;
    this.#alive.add(pid);
    const launch = { pid, request };
    this.launched.push(launch);
    await this.onLaunch?.(launch);
    return pid;
  }

  async isAlive(pid: number): Promise<boolean> {
    return this.#alive.has(pid);
  }

  async terminate(pid: number, graceMs: number): Promise<void> {
    this.terminated.push({ pid, graceMs });
    await this.onTerminate?.(pid);
    this.#alive.delete(pid);
  }

  /** The process ends (exits or is killed from outside). */
  kill(pid: number): void {
    this.#alive.delete(pid);
  }

  /** Counts a pid started elsewhere as alive. */
  adopt(pid: number): void {
    this.#alive.add(pid);
  }
}
