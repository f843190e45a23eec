import type { ServiceIdentifier } from 'inversify';

/** The run and stage a piece of work serves. */
export interface StageTag {
  readonly runId: string;
  /** The stage's name in the plan (`export`, `train_1m`, ...). */
  readonly stage: string;
}

/**
 * Which run and stage the code running now serves, so an adapter can tag what it asks of an
 * outside service (BigQuery job labels) without every port method taking the run along.
 */
export interface StageScope {
  /** The tag of the stage whose work is running in this async context, or undefined outside any stage. */
  current(): StageTag | undefined;
  /** Runs `work` with `tag` current for everything it awaits; the previous tag is current again after. */
  run<T>(tag: StageTag, work: () => Promise<T>): Promise<T>;
}

export const STAGE_SCOPE: ServiceIdentifier<StageScope> = Symbol.for('cbi.StageScope');
