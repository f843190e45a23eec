import type { ErrorSummary } from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import type { StageKind } from '../../domain/night/pipeline-plan.js';
import type { StageDetails, StageDetailsByKind } from '../../domain/night/stage-details.js';
import type { StageProgress } from '../../domain/night/stage-progress.js';
import type { Logger } from '../../ports/logger.port.js';

/** What a stage body gets for one attempt. */
export interface StageContext {
  readonly runId: string;
  readonly stage: string;
  readonly kind: StageKind;
  /** Set for train stages. */
  readonly horizon: Horizon | null;
  /** The horizons of this run's plan, in order. */
  readonly horizons: readonly Horizon[];
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted on timeout, deadline or interrupt: stop work (kill children) and return or throw promptly. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Results of the stages that already ended in this run, by stage name (details as recorded). */
  readonly earlier: ReadonlyMap<string, StageResult>;
  /** Tells the run how far the stage has got (the terminal shows it); optional, never throws. */
  readonly progress?: ((progress: StageProgress) => void) | undefined;
}

/**
 * What a stage returns when it did its job or had nothing to do, with the details its kind
 * reports. Failures are thrown as typed errors (CbiError): the runner reads `transient` to
 * retry or not.
 */
export type StageResult<D extends StageDetails = StageDetails> =
  | { readonly status: 'succeeded'; readonly details?: D }
  | {
      /** Done in part: `problem` says what failed (the run becomes partial); the stage counts as done. */
      readonly status: 'partial';
      readonly problem: ErrorSummary;
      readonly details?: D;
    }
  | {
      readonly status: 'skipped';
      readonly reason: string;
      readonly details?: D;
    };

/** The body of a kind of stage: it reports that kind's details. */
export type StageBody<K extends StageKind = StageKind> = (
  context: StageContext,
) => Promise<StageResult<StageDetailsByKind[K]>>;

/** The bodies of the nightly stages, by kind (train is called once per horizon). */
export type NightlyStages = { readonly [K in StageKind]: StageBody<K> };
