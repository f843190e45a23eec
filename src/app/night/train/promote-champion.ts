import type { ChampionSummary, PromotionSummary } from '../../../domain/night/stage-details.js';
import { summarizeError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import {
  modelHasSkill,
  modelSkillVerdict,
  type ChampionRecord,
  type ModelMetadata,
} from '../../../domain/model/model-metadata.js';
import { decidePromotion, type Contender, type PromotionPolicy } from '../../../domain/model/promotion.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Logger } from '../../../ports/logger.port.js';
import type { ModelRegistry } from './model-registry.js';

type PreviousChampion = NonNullable<PromotionSummary['previous_champion']>;

export interface PromoteChampionDeps {
  readonly registry: ModelRegistry;
  readonly clock: Clock;
  /** The margin a challenger must win by. */
  readonly policy: PromotionPolicy;
  /** The skill gate's margin, for metadata written before verdicts were recorded. */
  readonly skillMargin: number;
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
  // what became of a champion that could not take part, for the run's record (not only the log)
  let fallback: PreviousChampion | null = null;
  try {
    current = await deps.registry.champion(horizon);
    if (current === undefined) fallback = await setAsideOrphan(deps, horizon);
  } catch (error) {
    const message = summarizeError(error).message;
    deps.logger.warn('champion unreadable: treated as none', { horizon, error: message });
    fallback = { champion_unreadable: message };
    current = undefined;
  }
  const decision = decidePromotion(
    current === undefined ? undefined : contender(current.metadata, deps.skillMargin),
    trained.map((m) => contender(m, deps.skillMargin)),
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
    promotion_reason:
      fallback === null
        ? decision.reason
        : `${decision.reason} (${'why' in fallback ? fallback.why : 'the champion was unreadable'})`,
    ...(fallback === null ? {} : { previous_champion: fallback }),
    compared_folds: decision.comparedFolds.length,
    champion_mape_on_compared_folds: decision.championMape,
    challenger_mape_on_compared_folds: decision.challengerMape,
    champion: championDetails(champion),
  };
}

/**
 * A champion record whose version lost its metadata.json (deleted by hand, a disk problem)
 * cannot be compared on the folds, and its model file would stay behind unseen: the version's
 * remaining files are set aside (Models/local/horizon_<h>/prod/set_aside/...), the record is
 * cleared, and what was done is returned for the stage's details. Null when there was no record.
 */
async function setAsideOrphan(deps: PromoteChampionDeps, horizon: Horizon): Promise<PreviousChampion | null> {
  const record = await deps.registry.championRecord(horizon);
  if (record === undefined) return null;
  const why = `the champion ${record.model_name} ${record.version} had no metadata.json: it could not be compared, and was set aside`;
  const setAside = await deps.registry.setAside(
    { horizon, model_name: record.model_name, version: record.version },
    why,
    deps.clock.now(),
  );
  await deps.registry.clearChampion(horizon);
  deps.logger.warn('champion without metadata set aside', { horizon, set_aside: setAside });
  return { model: record.model_name, version: record.version, mape: record.mape, set_aside: setAside, why };
}

/** What the run status shows of a champion. */
export function championDetails(record: ChampionRecord | undefined): ChampionSummary | null {
  return record === undefined
    ? null
    : { model: record.model_name, version: record.version, mape: record.mape };
}

function contender(metadata: ModelMetadata, margin: number): Contender {
  return {
    modelName: metadata.model_name,
    version: metadata.version,
    folds: metadata.folds.map((f) => ({ cutDate: f.cut_date, ape: f.ape })),
    mape: metadata.metrics.mape,
    naiveMape: metadata.metrics.naive_mape,
    skilled: modelHasSkill(metadata, margin),
    verdict: modelSkillVerdict(metadata, margin),
  };
}
