/**
 * The skill gate: a model is worth publishing only if it forecasts better than doing nothing.
 * The benchmark is the naive forecast (no change from the current price), scored on the same
 * walk-forward folds.
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
