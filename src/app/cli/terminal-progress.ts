import type { ErrorSummary } from '../../domain/errors.js';
import type { PlannedStage } from '../../domain/night/pipeline-plan.js';
import type { RunRecord, StageRecord, StageStatus } from '../../domain/night/run.js';
import type { RunObserver } from '../../index.js';
import { formatStages, formatVerdict } from './format-run.js';
import { formatDuration } from './format-table.js';

const MARK: Readonly<Record<StageStatus, string>> = {
  succeeded: 'ok',
  partial: '~~',
  skipped: '--',
  failed: 'XX',
  running: '..',
  not_run: '  ',
};

/** A terminal's view of a run: the running stage with a live timer, each result as it ends, a summary. */
export class TerminalProgress implements RunObserver {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly out: { write(text: string): unknown }) {}

  onRunStart(run: RunRecord): void {
    this.out.write(
      `cbi: run ${run.run_id} started (horizons ${run.horizons.join(', ')}; log ${run.log_file})\n`,
    );
  }

  onStageStart(stage: PlannedStage, attempt: number, at: Date): void {
    this.#stopTimer();
    const label = `${stage.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`;
    const draw = (): void => {
      this.out.write(`\r\x1b[2K  .. ${label} running ${formatDuration((Date.now() - at.getTime()) / 1000)}`);
    };
    draw();
    this.#timer = setInterval(draw, 1000);
    this.#timer.unref();
  }

  onRetry(stage: PlannedStage, failedAttempt: number, delayMs: number, error: ErrorSummary): void {
    this.#stopTimer();
    this.out.write(
      `\r\x1b[2K  !! ${stage.name} attempt ${failedAttempt} failed (${error.message}); retrying in ${formatDuration(delayMs / 1000)}\n`,
    );
  }

  onStageEnd(record: StageRecord): void {
    this.#stopTimer();
    const mark = MARK[record.status];
    const note = record.error ?? record.reason;
    this.out.write(
      `\r\x1b[2K  ${mark} ${record.name} ${record.status} in ${formatDuration(record.duration_seconds)}${note ? `: ${note}` : ''}\n`,
    );
  }

  onRunEnd(run: RunRecord): void {
    this.#stopTimer();
    this.out.write(`\n${formatStages(run)}\n\n${formatVerdict(run)}\n`);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
