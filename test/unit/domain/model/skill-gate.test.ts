import { describe, expect, it } from 'vitest';
import {
  decidePublication,
  hasSkill,
  type PublishCandidate,
  type SkillPolicy,
} from '../../../../src/domain/model/skill-gate.js';

describe('hasSkill', () => {
  // arithmetic vectors: walk-forward MAPEs in percent
  it.each([
    { mape: 4, naive: 5, margin: 0, skill: true },
    { mape: 5, naive: 5, margin: 0, skill: false },
    { mape: 6, naive: 5, margin: 0, skill: false },
    { mape: 4.9, naive: 5, margin: 0.01, skill: true }, // 4.9 < 4.95
    { mape: 4.96, naive: 5, margin: 0.01, skill: false },
    { mape: null, naive: 5, margin: 0, skill: false },
    { mape: 4, naive: null, margin: 0, skill: false },
  ])('MAPE $mape vs naive $naive, margin $margin: $skill', ({ mape, naive, margin, skill }) => {
    expect(hasSkill({ mape, naive_mape: naive }, margin)).toBe(skill);
  });
});

describe('decidePublication', () => {
  const champion = (skilled: boolean): PublishCandidate => ({
    modelName: 'lightgbm',
    version: 'v1',
    skilled,
  });
  const newest = (...skills: boolean[]): PublishCandidate[] =>
    skills.map((skilled, i) => ({ modelName: i === 0 ? 'lightgbm' : 'xgboost', version: 'v2', skilled }));
  const test = { alpha: 0.05, minIndependentForecasts: 10, leakageRatio: 0.5 };
  const naive: SkillPolicy = { margin: 0, onNoSkill: 'naive', ...test };
  const keep: SkillPolicy = { margin: 0, onNoSkill: 'keep_champion', ...test };

  it.each([
    {
      name: 'no champion: the naive forecast',
      current: undefined,
      models: newest(false, false),
      policy: keep,
      kind: 'naive',
      reason: /no champion yet/,
    },
    {
      name: 'a champion without skill: the naive forecast',
      current: champion(false),
      models: newest(true),
      policy: keep,
      kind: 'naive',
      reason: /does not beat the naive forecast/,
    },
    {
      name: 'skilled champion, newest models skilled: the champion',
      current: champion(true),
      models: newest(true, false),
      policy: naive,
      kind: 'champion',
      reason: /beats the naive forecast/,
    },
    {
      name: 'no newest model has skill, policy naive: the naive forecast',
      current: champion(true),
      models: newest(false, false),
      policy: naive,
      kind: 'naive',
      reason: /no model beats the naive forecast on the newest walk-forward/,
    },
    {
      name: 'no newest model has skill, policy keep_champion: the last skilled champion',
      current: champion(true),
      models: newest(false, false),
      policy: keep,
      kind: 'champion',
      reason: /the last champion with skill/,
    },
    {
      name: 'no newest model at all (none trained): the champion',
      current: champion(true),
      models: [],
      policy: naive,
      kind: 'champion',
      reason: /lightgbm v1/,
    },
  ])('$name', ({ current, models, policy, kind, reason }) => {
    const decision = decidePublication(current, models, policy);
    expect(decision.kind).toBe(kind);
    expect(decision.reason).toMatch(reason);
  });
});
