import type { RunRecord, StageRecord } from '../../domain/night/run.js';
import type { RunObserver } from '../../index.js';
import { forecastsOf } from '../../domain/model/horizon-forecast.js';
import { formatForecasts, formatVerdict } from './format-run.js';
import { formatDuration } from './format-table.js';

interface Line {
  write(text: string): unknown;
}

/**
 * A run off a terminal (launchd's daemon_stdout.log / daemon_stderr.log, a pipe): one line per
 * run start, stage end and run end on stdout, each written once; a run that did not fully
 * succeed gets its one failure line on stderr from `cbi run`. The events themselves are in the
 * run's log files, not copied here.
 */
export class PlainProgress implements RunObserver {
  constructor(
    private readonly out: Line,
    private readonly now: () => Date = () => new Date(),
  ) {}

  onRunStart(run: RunRecord): void {
    this.#line(
      this.out,
      `cbi: run ${run.run_id} started by ${run.trigger} (horizons ${run.horizons.join(', ')}; log ${run.log_file})`,
    );
  }

  onStageEnd(record: StageRecord): void {
    const note = record.error ?? record.reason;
    // A failed stage is told here among the others; the run's one failure line (what failed,
    // where, what to do) goes to stderr from `cbi run` itself: one line per failure there.
    this.#line(
      this.out,
      `${record.name} ${record.status === 'failed' ? 'FAILED' : record.status} in ${formatDuration(record.duration_seconds)}${note ? `: ${note}` : ''}`,
    );
  }

  onRunEnd(run: RunRecord): void {
    // A run that did not fully succeed gets its failure line on stderr from `cbi run` itself.
    const forecasts = forecastsOf([run]);
    if (forecasts.length > 0) this.out.write(`${formatForecasts(forecasts)}\n`);
    if (run.state === 'success') this.#line(this.out, formatVerdict(run));
  }

  #line(stream: Line, text: string): void {
    stream.write(`[${stamp(this.now())}] ${text}\n`);
  }
}

/** Local wall time as the seed's logs print it: `2026-11-29 23:59:01`. */
function stamp(at: Date): string {
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}
