import { runLogKey } from '../domain/layout.js';
import type { RunVerdict } from '../domain/night/run-verdict.js';
import type { RunLog, RunLogs } from '../ports/run-logs.port.js';
import { FakeLogger } from './fake-logger.js';

/**
 * Run logs in memory: every run's events go to one FakeLogger (bound with the run id), so a
 * test reads them in order. `failWith` makes open throw, as a home that cannot take a file.
 */
export class FakeRunLogs implements RunLogs {
  /** The run ids whose log was opened, in order. */
  readonly opened: string[] = [];
  /** The run ids whose log was closed, in order. */
  readonly closed: string[] = [];
  /** The verdict each log was closed with, by run id. */
  readonly verdicts = new Map<string, RunVerdict>();
  failWith: Error | undefined;

  constructor(readonly logger: FakeLogger = new FakeLogger()) {}

  async open(runId: string): Promise<RunLog> {
    if (this.failWith !== undefined) throw this.failWith;
    this.opened.push(runId);
    const log = this.logger.child({ log: runId });
    return Object.assign(log, {
      key: runLogKey(runId),
      close: async (verdict?: RunVerdict) => {
        if (verdict !== undefined) {
          log[verdict.level](verdict.message, { verdict: verdict.marker });
          this.verdicts.set(runId, verdict);
        }
        this.closed.push(runId);
      },
    });
  }
}
