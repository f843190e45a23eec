import type { ErrorSummary } from '../../domain/errors.js';
import type { PlannedStage } from '../../domain/night/pipeline-plan.js';
import type { RunRecord, StageRecord } from '../../domain/night/run.js';
import type { StageProgress } from '../../domain/night/stage-progress.js';

/** Progress callbacks of a run (the terminal display); every member optional. */
export interface RunObserver {
  onRunStart?(run: RunRecord): void;
  onStageStart?(stage: PlannedStage, attempt: number, at: Date): void;
  /** How far a long stage has got (the train stage: library, fold, rounds). */
  onStageProgress?(stage: PlannedStage, progress: StageProgress): void;
  onRetry?(stage: PlannedStage, failedAttempt: number, delayMs: number, error: ErrorSummary): void;
  onStageEnd?(record: StageRecord): void;
  onRunEnd?(run: RunRecord): void;
}
