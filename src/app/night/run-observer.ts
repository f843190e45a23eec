import type { ErrorSummary } from '../../domain/errors.js';
import type { PlannedStage } from '../../domain/night/pipeline-plan.js';
import type { RunRecord, StageRecord } from '../../domain/night/run.js';

/** Progress callbacks of a run (the terminal display); every member optional. */
export interface RunObserver {
  onRunStart?(run: RunRecord): void;
  onStageStart?(stage: PlannedStage, attempt: number, at: Date): void;
  onRetry?(stage: PlannedStage, failedAttempt: number, delayMs: number, error: ErrorSummary): void;
  onStageEnd?(record: StageRecord): void;
  onRunEnd?(run: RunRecord): void;
}
