import type { ErrorSummary } from '../../domain/errors.js';
import type { PlannedStage } from '../../domain/night/pipeline-plan.js';
import type { RunRecord, StageRecord, StageStatus } from '../../domain/night/run.js';
import type { RunObserver } from '../../index.js';
import { secondsLeft, type StageProgress } from '../../domain/night/stage-progress.js';
import { forecastsOf } from '../../domain/model/horizon-forecast.js';
import { formatForecasts, formatStages, formatVerdict } from './format-run.js';
import { formatDuration } from './format-table.js';

const MARK: Readonly<Record<StageStatus, string>> = {
  succeeded: 'ok',
  partial: '~~',
  skipped: '--',
  failed: 'XX',
  running: '..',
  not_run: '  ',
};

/** A stage at work: its label, when its attempt started and how far it has got. */
interface Running {
  readonly label: string;
  readonly at: Date;
  progress: StageProgress | undefined;
}

/**
 * A terminal's view of a run: the running stage with a live timer, how far it has got (the
 * library, fold k of n, rounds done) and the time it has left (from its progress, else from
 * earlier nights), each result as it ends, then a summary ending with the night's forecasts.
 */
export class TerminalProgress implements RunObserver {
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The stages at work, in the order they started (the horizons' train stages run side by side). */
  readonly #running = new Map<string, Running>();

  /** `typical`: seconds each stage took on earlier nights (typicalStageSeconds of the history). */
  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly typical: ReadonlyMap<string, number> = new Map(),
  ) {}

  onRunStart(run: RunRecord): void {
    this.out.write(
      `cbi: run ${run.run_id} started (horizons ${run.horizons.join(', ')}; log ${run.log_file})\n`,
    );
  }

  onStageStart(stage: PlannedStage, attempt: number, at: Date): void {
    const label = `${stage.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`;
    this.#running.set(stage.name, { label, at, progress: undefined });
    this.#draw();
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#draw(), 1000);
      this.#timer.unref();
    }
  }

  onStageProgress(stage: PlannedStage, progress: StageProgress): void {
    const running = this.#running.get(stage.name);
    if (running !== undefined) running.progress = progress;
  }

  /** One line: the stage that started first, with its timer and progress, and the others at work beside it. */
  #draw(): void {
    const [first, ...others] = [...this.#running.entries()];
    if (first === undefined) return;
    const [name, running] = first;
    const elapsed = (Date.now() - running.at.getTime()) / 1000;
    const beside = others.length === 0 ? '' : ` · beside it ${others.map(([other]) => other).join(', ')}`;
    this.out.write(
      `\r\x1b[2K  .. ${running.label} running ${formatDuration(elapsed)}${this.#detail(name, running.progress, elapsed)}${beside}`,
    );
  }

  /** What the running line adds: how far the stage got, and the time it has left. */
  #detail(stage: string, p: StageProgress | undefined, elapsed: number): string {
    const parts: string[] = [];
    if (p !== undefined) {
      const job = p.fold === null ? 'final model' : `fold ${p.fold}/${p.folds}`;
      parts.push(`${p.library ?? ''} ${job}, rounds ${p.roundsDone}/${p.rounds}`.trim());
    }
    const left = secondsLeft({
      elapsedSeconds: elapsed,
      // within the stage a library's share only; a stage of two libraries is at least half left
      done: p === undefined || p.rounds === 0 ? null : p.roundsDone / p.rounds,
      typicalSeconds: this.typical.get(stage) ?? null,
    });
    const fromNights = p === undefined || p.roundsDone === 0;
    if (left !== null)
      parts.push(
        `about ${formatDuration(left)} left${fromNights ? ' (earlier nights)' : ` for ${p.library ?? 'it'}`}`,
      );
    return parts.length === 0 ? '' : ` · ${parts.join(' · ')}`;
  }

  onRetry(stage: PlannedStage, failedAttempt: number, delayMs: number, error: ErrorSummary): void {
    this.#ended(stage.name);
    this.out.write(
      `\r\x1b[2K  !! ${stage.name} attempt ${failedAttempt} failed (${error.message}); retrying in ${formatDuration(delayMs / 1000)}\n`,
    );
    this.#draw();
  }

  onStageEnd(record: StageRecord): void {
    this.#ended(record.name);
    const mark = MARK[record.status];
    const note = record.error ?? record.reason;
    this.out.write(
      `\r\x1b[2K  ${mark} ${record.name} ${record.status} in ${formatDuration(record.duration_seconds)}${note ? `: ${note}` : ''}\n`,
    );
    this.#draw();
  }

  #ended(name: string): void {
    this.#running.delete(name);
    if (this.#running.size === 0) this.#stopTimer();
  }

  onRunEnd(run: RunRecord): void {
    this.#running.clear();
    this.#stopTimer();
    this.out.write(
      `\n${formatStages(run)}\n\n${formatForecasts(forecastsOf([run]))}\n\n${formatVerdict(run)}\n`,
    );
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
