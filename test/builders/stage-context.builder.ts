import type { StageContext, StageResult } from '../../src/app/night/stage.js';
import type { Horizon } from '../../src/domain/horizon.js';
import type { StageKind } from '../../src/domain/night/pipeline-plan.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';

/** A stage context for calling one stage body directly, as the runner would. */
export function stageContext(options: {
  readonly runId: string;
  readonly kind: StageKind;
  readonly horizon?: Horizon;
  readonly horizons?: readonly Horizon[];
  readonly earlier?: ReadonlyMap<string, StageResult>;
  readonly signal?: AbortSignal;
  readonly logger?: FakeLogger;
}): StageContext {
  const horizon = options.horizon ?? null;
  return {
    runId: options.runId,
    stage: horizon === null ? options.kind : `${options.kind}_${horizon}`,
    kind: options.kind,
    horizon,
    horizons: options.horizons ?? (horizon === null ? ['1m'] : [horizon]),
    attempt: 1,
    signal: options.signal ?? new AbortController().signal,
    logger: options.logger ?? new FakeLogger(),
    earlier: options.earlier ?? new Map(),
  };
}
