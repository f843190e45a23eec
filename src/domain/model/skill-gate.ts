import { dieboldMariano } from './diebold-mariano.js';
import { meanOf } from './mean.js';

/**
 * The skill gate: a model is worth publishing only if it forecasts better than doing nothing,
 * by more than noise. The benchmark is the naive forecast (no change from the current price),
 * scored on the same walk-forward forecasts; the edge must pass a one-sided Diebold-Mariano test
 * on enough independent forecasts, and an edge too large to be real is suspected leakage.
 */
export interface SkillPolicy {
  /**
   * Relative margin a model's walk-forward MAPE must beat the naive forecast's by: skill when
   * MAPE < naive MAPE x (1 - margin). 0 = any improvement.
   */
  readonly margin: number;
  /**
   * What a horizon publishes when the newest models have no skill: `naive`, the naive forecast
   * flagged as such; `keep_champion`, the last champion that had skill (the naive forecast when
   * there is none).
   */
  readonly onNoSkill: 'naive' | 'keep_champion';
  /** Significance level of the one-sided Diebold-Mariano test: skill needs p < alpha. */
  readonly alpha: number;
  /**
   * Fewest independent forecasts (forecasts / h: h-step forecasts one period apart share h - 1
   * periods of their outcome) a verdict of skill may rest on.
   */
  readonly minIndependentForecasts: number;
  /**
   * A walk-forward MAPE below naive MAPE x this is too good to be true: suspected leakage, never
   * skill (0 turns the check off). docs/models.md justifies the default.
   */
  readonly leakageRatio: number;
}

/** The statistics behind a verdict, as metadata.json and the run status keep them. */
export interface SkillTest {
  /** Walk-forward forecasts scored for both the model and the naive forecast. */
  readonly forecasts: number;
  /** forecasts / h. */
  readonly independent_forecasts: number;
  /** Diebold-Mariano statistic (HLN-corrected; positive: the model's errors are smaller); null when it cannot be computed. */
  readonly statistic: number | null;
  /** One-sided p-value of the statistic; null with it. */
  readonly p_value: number | null;
  /** The Newey-West lag (h - 1, at most forecasts - 1); null without a statistic. */
  readonly lag: number | null;
  readonly alpha: number;
  readonly min_independent_forecasts: number;
  /** model MAPE / naive MAPE; null without both. */
  readonly error_ratio: number | null;
  /** The error ratio fell below the policy's leakage ratio. */
  readonly suspected_leakage: boolean;
  /** With suspected leakage: the feature most correlated with the move ahead, the likely carrier of the future. */
  readonly suspect_feature?: { readonly name: string; readonly correlation: number } | undefined;
}

/** The gate's verdict on one model. */
export interface SkillJudgement {
  readonly has_skill: boolean;
  readonly verdict: string;
  readonly test: SkillTest;
}

/** One walk-forward forecast's absolute percentage errors (percent; null when unscorable), in time order. */
export interface PairedError {
  readonly ape: number | null;
  readonly naive_ape: number | null;
}

/**
 * Skill, as a test: the model's walk-forward MAPE beats the naive forecast's by the margin, its
 * absolute percentage errors are smaller than naive's with a one-sided Diebold-Mariano p-value
 * below alpha (`horizon`: h, the forecasts' lead in periods, sets the overlap), over at least
 * the minimum of independent forecasts, and the error ratio is not implausibly low.
 */
export function judgeSkill(
  name: string,
  forecasts: readonly PairedError[],
  horizon: number,
  policy: Pick<SkillPolicy, 'margin' | 'alpha' | 'minIndependentForecasts' | 'leakageRatio'>,
): SkillJudgement {
  const scored = forecasts.filter((f) => f.ape !== null && f.naive_ape !== null);
  const mape = meanOf(scored.map((f) => f.ape ?? 0)) ?? null;
  const naive = meanOf(scored.map((f) => f.naive_ape ?? 0)) ?? null;
  const dm = dieboldMariano(
    scored.map((f) => f.ape ?? 0),
    scored.map((f) => f.naive_ape ?? 0),
    horizon,
  );
  const independent = scored.length / horizon;
  const ratio = mape !== null && naive !== null && naive > 0 ? mape / naive : null;
  const leak = ratio !== null && ratio < policy.leakageRatio;
  const test: SkillTest = {
    forecasts: scored.length,
    independent_forecasts: independent,
    statistic: dm?.statistic ?? null,
    p_value: dm?.pValue ?? null,
    lag: dm?.lag ?? null,
    alpha: policy.alpha,
    min_independent_forecasts: policy.minIndependentForecasts,
    error_ratio: ratio,
    suspected_leakage: leak,
  };
  if (mape === null || naive === null)
    return { has_skill: false, verdict: `${name} has no walk-forward MAPE to judge`, test };
  const errors = `${name} MAPE ${mape.toFixed(3)}% vs naive ${naive.toFixed(3)}%`;
  const evidence = `${scored.length} forecasts, ${independent.toFixed(1)} independent (h ${horizon})`;
  const dmText =
    dm === undefined
      ? 'no Diebold-Mariano statistic'
      : `Diebold-Mariano ${dm.statistic.toFixed(2)}, p ${formatP(dm.pValue)}`;
  if (leak)
    return {
      has_skill: false,
      verdict: `${errors}: ${(ratio ?? 0).toFixed(3)} of naive's error, below the plausible ${policy.leakageRatio}: suspected leakage, not skill`,
      test,
    };
  if (!hasSkill({ mape, naive_mape: naive }, policy.margin))
    return {
      has_skill: false,
      verdict: `${errors}: does not beat naive${policy.margin > 0 ? ` by the margin ${policy.margin}` : ''} (${dmText})`,
      test,
    };
  if (independent < policy.minIndependentForecasts)
    return {
      has_skill: false,
      verdict: `${errors} rests on ${evidence}, fewer than ${policy.minIndependentForecasts} independent: not evidence of skill`,
      test,
    };
  if (dm === undefined || dm.pValue >= policy.alpha)
    return {
      has_skill: false,
      verdict: `${errors}: the edge is within noise (${dmText}, not below ${policy.alpha}; ${evidence})`,
      test,
    };
  return {
    has_skill: true,
    verdict: `${errors}: beats naive (${dmText} < ${policy.alpha}; ${evidence})`,
    test,
  };
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** The walk-forward figures the gate reads (a model's metadata has them). */
export interface SkillEvidence {
  /** Percent; null when no fold could be scored. */
  readonly mape: number | null;
  readonly naive_mape: number | null;
}

/** True when the model's walk-forward MAPE beats the naive forecast's by the margin. */
export function hasSkill(evidence: SkillEvidence, margin: number): boolean {
  const { mape, naive_mape: naive } = evidence;
  return mape !== null && naive !== null && mape < naive * (1 - margin);
}

/** Why a model has or lacks skill, in one line. */
export function skillVerdict(name: string, evidence: SkillEvidence, margin: number): string {
  const { mape, naive_mape: naive } = evidence;
  if (mape === null || naive === null) return `${name} has no walk-forward MAPE to judge`;
  const bar = naive * (1 - margin);
  return `${name} MAPE ${mape.toFixed(3)}% ${mape < bar ? 'beats' : 'does not beat'} naive ${naive.toFixed(3)}%${margin > 0 ? ` by the margin ${margin}` : ''}`;
}

/** A model a horizon could publish. */
export interface PublishCandidate {
  readonly modelName: string;
  readonly version: string;
  readonly skilled: boolean;
}

/** What a horizon publishes as its forecast (the row marked champion in the predictions table). */
export type Publication =
  | {
      readonly kind: 'champion';
      readonly modelName: string;
      readonly version: string;
      readonly reason: string;
    }
  | { readonly kind: 'naive'; readonly reason: string };

/**
 * Decides a horizon's published forecast. `champion` is the current champion (champions are
 * promoted with skill; one promoted before the gate may lack it); `newest` are the newest
 * version of each library (tonight's when they trained). With skill in the newest models the
 * champion is published. Without it, `naive` publishes the naive forecast and `keep_champion`
 * the champion if it had skill. With no champion that had skill, the naive forecast.
 */
export function decidePublication(
  champion: PublishCandidate | undefined,
  newest: readonly PublishCandidate[],
  policy: SkillPolicy,
): Publication {
  const newestSkilled = newest.some((m) => m.skilled);
  if (champion === undefined)
    return { kind: 'naive', reason: 'no champion yet: the naive forecast is published' };
  if (!champion.skilled)
    return {
      kind: 'naive',
      reason: `champion ${champion.modelName} ${champion.version} does not beat the naive forecast: the naive forecast is published`,
    };
  if (!newestSkilled && newest.length > 0 && policy.onNoSkill === 'naive')
    return {
      kind: 'naive',
      reason: `no model beats the naive forecast on the newest walk-forward (${newest.map((m) => m.modelName).join(', ')}): the naive forecast is published`,
    };
  return {
    kind: 'champion',
    modelName: champion.modelName,
    version: champion.version,
    reason: newestSkilled
      ? `champion ${champion.modelName} ${champion.version} beats the naive forecast`
      : `no newer model beats the naive forecast: the last champion with skill, ${champion.modelName} ${champion.version}, is kept`,
  };
}
