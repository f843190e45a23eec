import { runLogKey } from '../domain/layout.js';
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
  failWith: Error | undefined;

  constructor(readonly logger: FakeLogger = new FakeLogger()) {}

  async open(runId: string): Promise<RunLog> {
    if (this.failWith !== undefined) throw this.failWith;
    this.opened.push(runId);
    return Object.assign(this.logger.child({ log: runId }), {
      key: runLogKey(runId),
      close: async () => {
        this.closed.push(runId);
      },
    });
  }
}
