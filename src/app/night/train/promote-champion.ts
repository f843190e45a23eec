import type { ChampionSummary, PromotionSummary } from '../../../domain/night/stage-details.js';
import { summarizeError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import type { ChampionRecord, ModelMetadata } from '../../../domain/model/model-metadata.js';
import { decidePromotion, type Contender, type PromotionPolicy } from '../../../domain/model/promotion.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Logger } from '../../../ports/logger.port.js';
import type { ModelRegistry } from './model-registry.js';

export interface PromoteChampionDeps {
  readonly registry: ModelRegistry;
  readonly clock: Clock;
  /** The margin a challenger must win by, and the skill it needs over the naive forecast. */
  readonly policy: PromotionPolicy;
  readonly logger: Logger;
}

/**
 * Champion/challenger for one horizon: tonight's trained models with skill against the current
 * champion on the same folds (domain/promotion.ts). Writes champion.json only when a challenger
 * wins; an unreadable champion counts as none (logged), so a damaged file cannot block every
 * later night.
 */
export async function promoteChampion(
  deps: PromoteChampionDeps,
  target: { readonly horizon: Horizon; readonly runId: string },
  trained: readonly ModelMetadata[],
): Promise<PromotionSummary & { readonly champion: ChampionSummary | null }> {
  const { horizon, runId } = target;
  let current: Awaited<ReturnType<ModelRegistry['champion']>>;
  try {
    current = await deps.registry.champion(horizon);
  } catch (error) {
    deps.logger.warn('champion unreadable: treated as none', {
      horizon,
      error: summarizeError(error).message,
    });
    current = undefined;
  }
  const decision = decidePromotion(
    current === undefined ? undefined : contender(current.metadata),
    trained.map(contender),
    deps.policy,
  );
  let champion: ChampionRecord | undefined = current?.record;
  if (decision.promote) {
    const winner = trained.find(
      (m) => m.model_name === decision.winner.modelName && m.version === decision.winner.version,
    );
    if (winner !== undefined) {
      champion = {
        schema_version: 1,
        horizon,
        surface: SURFACE,
        model_name: winner.model_name,
        library: winner.library,
        version: winner.version,
        model_dir: deps.registry.versionDir(horizon, winner.model_name, winner.version),
        mape: winner.metrics.mape,
        promoted_at: deps.clock.now().toISOString(),
        run_id: runId,
        reason: decision.reason,
      };
      await deps.registry.setChampion(champion);
    }
  }
  deps.logger.info(decision.promote ? 'champion promoted' : 'champion kept', {
    horizon,
    reason: decision.reason,
  });
  return {
    promoted: decision.promote,
    promotion_reason: decision.reason,
    compared_folds: decision.comparedFolds.length,
    champion_mape_on_compared_folds: decision.championMape,
    challenger_mape_on_compared_folds: decision.challengerMape,
    champion: championDetails(champion),
  };
}

/** What the run status shows of a champion. */
export function championDetails(record: ChampionRecord | undefined): ChampionSummary | null {
  return record === undefined
    ? null
    : { model: record.model_name, version: record.version, mape: record.mape };
}

function contender(metadata: ModelMetadata): Contender {
  return {
    modelName: metadata.model_name,
    version: metadata.version,
    folds: metadata.folds.map((f) => ({ cutDate: f.cut_date, ape: f.ape })),
    mape: metadata.metrics.mape,
    naiveMape: metadata.metrics.naive_mape,
  };
}
