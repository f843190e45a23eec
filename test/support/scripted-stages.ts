import {
  StageTimeoutError,
  TrainingFailedError,
  WarehouseUnavailableError,
} from '../../src/domain/errors.js';
import type { StageKind } from '../../src/domain/night/pipeline-plan.js';
import type {
  HorizonPrediction,
  PredictDetails,
  StageDetails,
} from '../../src/domain/night/stage-details.js';
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

  /**
   * What a stage reports by default: the predict stage publishes a forecast with skill for every
   * horizon from today's row (as a real night on fresh data does), so the night is not degraded.
   */
  #details(context: StageContext): StageDetails | undefined {
    if (context.stage !== 'predict') return undefined;
    const today = this.clock.now().toISOString().slice(0, 10);
    const one: HorizonPrediction = {
      as_of_date: today,
      table_last_date: today,
      frequency: 'daily',
      current_price: 100,
      lead: 1,
      target_date: null,
      champion: { model: 'lightgbm', version: 'v1', predicted_price: 101, predicted_return: 0.01 },
      published: { kind: 'champion', model: 'lightgbm', version: 'v1', reason: 'skill', has_skill: true },
      models: [],
      trained_tonight: true,
    };
    const details: PredictDetails = {
      file: 'Models/local/predictions/scripted.json',
      rows: context.horizons.length,
      published: context.horizons.length,
      naive_published: 0,
      not_forecast: [],
      horizons: Object.fromEntries(context.horizons.map((h) => [h, one])),
    };
    return details;
  }

  async #run(context: StageContext): Promise<StageResult> {
    this.calls.push({ stage: context.stage, attempt: context.attempt, at: this.clock.now().getTime() });
    const steps = this.script[context.stage] ?? [{ do: 'succeed' }];
    const step = steps[Math.min(context.attempt, steps.length) - 1] ?? { do: 'succeed' };
    context.signal.addEventListener('abort', () => this.aborted.push(context.stage), { once: true });
    switch (step.do) {
      case 'succeed':
        await this.clock.sleep(step.takesMs ?? 1_000, context.signal);
        {
          const details = step.details ?? this.#details(context);
          return { status: 'succeeded', ...(details === undefined ? {} : { details }) };
        }
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
