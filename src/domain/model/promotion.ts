import { meanOf } from './mean.js';

/** A model in the champion/challenger contest, with its walk-forward errors per fold. */
export interface Contender {
  readonly modelName: string;
  readonly version: string;
  /** Absolute percentage error (percent) per fold, keyed by the fold's cut date; null when unscorable. */
  readonly folds: readonly { readonly cutDate: string; readonly ape: number | null }[];
  /** Walk-forward MAPE over all its folds (percent); null when none could be scored. */
  readonly mape: number | null;
  /** The naive forecast's MAPE on the same folds. */
  readonly naiveMape: number | null;
  /** The skill gate's verdict on it (a significant edge over the naive forecast), and why. */
  readonly skilled: boolean;
  readonly verdict: string;
}

export interface PromotionPolicy {
  /**
   * Relative margin the challenger must win by: promoted only when its MAPE is below
   * champion MAPE x (1 - tolerance). 0.01 = at least 1 % better; 0 = any improvement.
   */
  readonly tolerance: number;
}

export type PromotionDecision =
  | {
      readonly promote: true;
      readonly winner: Contender;
      readonly reason: string;
      /** The cut dates both were scored on (empty for a first champion). */
      readonly comparedFolds: readonly string[];
      readonly challengerMape: number | null;
      readonly championMape: number | null;
    }
  | {
      readonly promote: false;
      readonly reason: string;
      readonly comparedFolds: readonly string[];
      readonly challengerMape: number | null;
      readonly championMape: number | null;
    };

/**
 * Champion/challenger behind the skill gate. The challengers are the models that trained
 * successfully tonight (a failed training is simply not among them, so it can never displace the
 * champion), and only those that beat the naive forecast on their walk-forward (skill) may be
 * promoted: without one, the champion is kept. With no champion, or one without skill (promoted
 * before the gate), the best skilled challenger (lowest walk-forward MAPE) becomes champion.
 * Otherwise the skilled challenger with the lowest MAPE on the folds it shares with the champion
 * (same cut dates) is promoted only when it beats the champion's MAPE on those same folds by the
 * tolerance. When no cut date is shared (the champion is older than every fold), their overall
 * MAPEs are compared by the same rule.
 */
export function decidePromotion(
  champion: Contender | undefined,
  challengers: readonly Contender[],
  policy: PromotionPolicy,
): PromotionDecision {
  const skill = (c: Contender): boolean => c.skilled;
  const trained = challengers.filter((c) => c.mape !== null);
  const scorable = trained.filter(skill);
  if (trained.length > 0 && scorable.length === 0) {
    return {
      promote: false,
      reason: `no challenger has skill over the naive forecast (${trained
        .map((c) => c.verdict)
        .join('; ')}): the champion is kept`,
      comparedFolds: [],
      challengerMape: lowest(trained).mape,
      championMape: champion?.mape ?? null,
    };
  }
  if (scorable.length === 0) {
    const reason = challengers.length === 0 ? 'no challenger trained' : 'no challenger could be scored';
    return {
      promote: false,
      reason,
      comparedFolds: [],
      challengerMape: null,
      championMape: champion?.mape ?? null,
    };
  }
  if (champion === undefined || !skill(champion)) {
    const best = lowest(scorable.map((c) => ({ contender: c, mape: c.mape })));
    return {
      promote: true,
      winner: best.contender,
      reason:
        champion === undefined
          ? `first model: ${best.contender.modelName} becomes champion`
          : `champion ${champion.modelName} ${champion.version} does not beat the naive forecast: ${best.contender.modelName} replaces it`,
      comparedFolds: [],
      challengerMape: best.mape,
      championMape: champion?.mape ?? null,
    };
  }
  const championFolds = new Map(
    champion.folds.filter((f) => f.ape !== null).map((f) => [f.cutDate, f.ape ?? 0]),
  );
  const scored = scorable.map((contender) => {
    const shared = contender.folds.filter((f) => f.ape !== null && championFolds.has(f.cutDate));
    return {
      contender,
      shared: shared.map((f) => f.cutDate),
      mape: meanOf(shared.map((f) => f.ape ?? 0)) ?? null,
      championMape: meanOf(shared.map((f) => championFolds.get(f.cutDate) ?? 0)) ?? null,
    };
  });
  const onSharedFolds = scored.filter((s) => s.shared.length > 0);
  const best =
    onSharedFolds.length > 0
      ? lowest(onSharedFolds)
      : {
          ...lowest(scored.map((s) => ({ ...s, mape: s.contender.mape }))),
          shared: [],
          championMape: champion.mape,
        };
  const basis =
    best.shared.length > 0 ? `on ${best.shared.length} shared folds` : 'overall (no shared folds)';
  const challengerMape = best.mape;
  const championMape = best.championMape;
  if (challengerMape === null) {
    return {
      promote: false,
      reason: 'no challenger could be scored',
      comparedFolds: best.shared,
      challengerMape,
      championMape,
    };
  }
  if (championMape === null) {
    return {
      promote: true,
      winner: best.contender,
      reason: `champion ${champion.modelName} ${champion.version} has no scorable folds; ${best.contender.modelName} replaces it`,
      comparedFolds: best.shared,
      challengerMape,
      championMape,
    };
  }
  const bar = championMape * (1 - policy.tolerance);
  const summary = `${best.contender.modelName} MAPE ${challengerMape.toFixed(3)}% vs champion ${champion.modelName} ${championMape.toFixed(3)}% ${basis}, tolerance ${policy.tolerance}`;
  if (challengerMape < bar) {
    return {
      promote: true,
      winner: best.contender,
      reason: `promoted: ${summary}`,
      comparedFolds: best.shared,
      challengerMape,
      championMape,
    };
  }
  return {
    promote: false,
    reason: `champion kept: ${summary}`,
    comparedFolds: best.shared,
    challengerMape,
    championMape,
  };
}

function lowest<T extends { readonly mape: number | null }>(items: readonly T[]): T {
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || (item.mape !== null && (best.mape === null || item.mape < best.mape)))
      best = item;
  }
  if (best === undefined) throw new RangeError('lowest of nothing');
  return best;
}
