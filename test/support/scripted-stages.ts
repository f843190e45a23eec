import {
  StageTimeoutError,
  TrainingFailedError,
  WarehouseUnavailableError,
} from '../../src/domain/errors.js';
import type { StageKind } from '../../src/domain/night/pipeline-plan.js';
import type { StageDetails } from '../../src/domain/night/stage-details.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { NightlyStages, StageBody, StageContext, StageResult } from '../../src/app/night/stage.js';

/** What one attempt of a stage does. */
export type Step =
  | { readonly do: 'succeed'; readonly takesMs?: number; readonly details?: StageDetails }
  | { readonly do: 'skip'; readonly reason: string }
  | { readonly do: 'fail-transient'; readonly takesMs?: number }
  | { readonly do: 'fail-permanent' }
  | { readonly do: 'hang' };

/**
 * Stage bodies that follow a script per stage name (one step per attempt, the last repeats),
 * taking their time on the given clock, and remembering every call.
 */
export class ScriptedStages {
  readonly calls: { stage: string; attempt: number; at: number }[] = [];
  readonly aborted: string[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly script: Readonly<Record<string, readonly Step[]>> = {},
  ) {}

  stages(): NightlyStages {
    const body: StageBody = (context) => this.#run(context);
    const kinds: StageKind[] = ['export', 'quality', 'train', 'predict', 'upload', 'evaluate'];
    // one body for every kind: a script's details are whatever its step says, not tied to a kind
    return Object.fromEntries(kinds.map((k) => [k, body])) as unknown as NightlyStages;
  }

  attemptsOf(stage: string): number {
    return this.calls.filter((c) => c.stage === stage).length;
  }

  async #run(context: StageContext): Promise<StageResult> {
    this.calls.push({ stage: context.stage, attempt: context.attempt, at: this.clock.now().getTime() });
    const steps = this.script[context.stage] ?? [{ do: 'succeed' }];
    const step = steps[Math.min(context.attempt, steps.length) - 1] ?? { do: 'succeed' };
    context.signal.addEventListener('abort', () => this.aborted.push(context.stage), { once: true });
    switch (step.do) {
      case 'succeed':
        await this.clock.sleep(step.takesMs ?? 1_000, context.signal);
        return { status: 'succeeded', ...(step.details === undefined ? {} : { details: step.details }) };
      case 'skip':
        return { status: 'skipped', reason: step.reason };
      case 'fail-transient':
        await this.clock.sleep(step.takesMs ?? 1_000, context.signal);
        throw new WarehouseUnavailableError('warehouse did not answer', { transient: true });
      case 'fail-permanent':
        throw new TrainingFailedError(`${context.stage}: the booster refused the data`);
      case 'hang':
        await this.clock.sleep(365 * 24 * 3_600_000, context.signal);
        throw new StageTimeoutError('unreachable');
    }
  }
}
