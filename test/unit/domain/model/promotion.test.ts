import { describe, expect, it } from 'vitest';
import { decidePromotion, type Contender } from '../../../../src/domain/model/promotion.js';
import { hasSkill, skillVerdict } from '../../../../src/domain/model/skill-gate.js';

type Unjudged = Omit<Contender, 'skilled' | 'verdict'>;
/** The contender as the skill gate's MAPE rule judges it (the test of skill has its own cases). */
const gate = (c: Unjudged, margin = 0): Contender => {
  const evidence = { mape: c.mape, naive_mape: c.naiveMape };
  return { ...c, skilled: hasSkill(evidence, margin), verdict: skillVerdict(c.modelName, evidence, margin) };
};

const model = (
  modelName: string,
  version: string,
  apes: Readonly<Record<string, number | null>>,
): Contender => {
  const folds = Object.entries(apes).map(([cutDate, ape]) => ({ cutDate, ape }));
  const scored = folds.flatMap((f) => (f.ape === null ? [] : [f.ape]));
  return gate({
    modelName,
    version,
    folds,
    mape: scored.length === 0 ? null : scored.reduce((s, v) => s + v, 0) / scored.length,
    // far above every model's MAPE here: each has skill (the skill gate has its own cases)
    naiveMape: 100,
  });
};

// Champion trained last month: folds 2025-01 .. 2025-03. Tonight's folds: 2025-02 .. 2025-04.
const champion = model('lightgbm', 'v1', { '2025-01-01': 1, '2025-02-01': 4, '2025-03-01': 6 }); // 5 % on 02, 03

describe('decidePromotion', () => {
  it.each([
    {
      name: 'first model: the best challenger becomes champion',
      champion: undefined,
      challengers: [model('lightgbm', 'v2', { a: 6 }), model('xgboost', 'v2', { a: 5 })],
      tolerance: 0.01,
      expected: { promote: true, winner: 'xgboost', challengerMape: 5, championMape: null },
    },
    {
      name: 'a challenger better on the shared folds by more than the tolerance is promoted',
      champion,
      // shared folds 02, 03: (3 + 5) / 2 = 4 < 5 x 0.99; its 2025-04 fold (30 %) is not compared
      challengers: [model('xgboost', 'v2', { '2025-02-01': 3, '2025-03-01': 5, '2025-04-01': 30 })],
      tolerance: 0.01,
      expected: { promote: true, winner: 'xgboost', challengerMape: 4, championMape: 5 },
    },
    {
      name: 'a challenger better only within the tolerance keeps the champion',
      champion,
      challengers: [model('xgboost', 'v2', { '2025-02-01': 4, '2025-03-01': 5.96, '2025-04-01': 1 })], // 4.98 >= 4.95
      tolerance: 0.01,
      expected: { promote: false, challengerMape: 4.98, championMape: 5 },
    },
    {
      name: 'a worse challenger keeps the champion',
      champion,
      challengers: [model('lightgbm', 'v2', { '2025-02-01': 6, '2025-03-01': 7 })],
      tolerance: 0,
      expected: { promote: false, challengerMape: 6.5, championMape: 5 },
    },
    {
      name: 'an equal challenger keeps the champion even with no tolerance',
      champion,
      challengers: [model('lightgbm', 'v2', { '2025-02-01': 4, '2025-03-01': 6 })],
      tolerance: 0,
      expected: { promote: false, challengerMape: 5, championMape: 5 },
    },
    {
      name: 'no challenger (every training failed) keeps the champion',
      champion,
      challengers: [],
      tolerance: 0.01,
      expected: { promote: false, challengerMape: null, championMape: 11 / 3 },
    },
    {
      name: 'the best of two challengers on the shared folds is the one compared',
      champion,
      challengers: [
        model('lightgbm', 'v2', { '2025-02-01': 4, '2025-03-01': 4 }),
        model('xgboost', 'v2', { '2025-02-01': 2, '2025-03-01': 2 }),
      ],
      tolerance: 0.01,
      expected: { promote: true, winner: 'xgboost', challengerMape: 2, championMape: 5 },
    },
    {
      name: 'with no shared fold, overall MAPEs are compared',
      champion,
      challengers: [model('xgboost', 'v2', { '2026-01-01': 3 })],
      tolerance: 0.01,
      expected: { promote: true, winner: 'xgboost', challengerMape: 3, championMape: 11 / 3 },
    },
    {
      name: 'an unscorable challenger is never promoted',
      champion: undefined,
      challengers: [model('xgboost', 'v2', { '2025-02-01': null })],
      tolerance: 0.01,
      expected: { promote: false, challengerMape: null, championMape: null },
    },
  ])('$name', ({ champion: current, challengers, tolerance, expected }) => {
    const decision = decidePromotion(current, challengers, { tolerance });
    expect(decision.promote).toBe(expected.promote);
    if (decision.promote) expect(decision.winner.modelName).toBe(expected.winner);
    if (expected.challengerMape === null) expect(decision.challengerMape).toBeNull();
    else expect(decision.challengerMape).toBeCloseTo(expected.challengerMape, 12);
    if (expected.championMape === null) expect(decision.championMape).toBeNull();
    else expect(decision.championMape).toBeCloseTo(expected.championMape, 12);
    expect(decision.reason).not.toBe('');
  });
});

describe('decidePromotion behind the skill gate', () => {
  // arithmetic vectors: MAPEs in percent, next to the naive forecast's MAPE on the same folds
  const contender = (modelName: string, mape: number, naiveMape: number): Unjudged => ({
    modelName,
    version: 'v2',
    folds: [{ cutDate: '2025-04-01', ape: mape }],
    mape,
    naiveMape,
  });
  const skilled = {
    ...contender('lightgbm', 4, 5),
    version: 'v1',
    folds: [{ cutDate: '2025-04-01', ape: 4 }],
  };
  const unskilled = { ...contender('lightgbm', 6, 5), version: 'v1' };

  it.each([
    {
      name: 'no champion and no challenger beats naive: nothing is promoted',
      current: undefined,
      challengers: [contender('lightgbm', 6, 5), contender('xgboost', 5, 5)],
      margin: 0,
      expected: { promote: false, reason: /no challenger has skill over the naive forecast/ },
    },
    {
      name: 'a challenger that beats naive becomes the first champion; one that does not is passed over',
      current: undefined,
      challengers: [contender('lightgbm', 3, 5), contender('xgboost', 6, 5)],
      margin: 0,
      expected: { promote: true, winner: 'lightgbm', reason: /first model/ },
    },
    {
      name: 'a challenger better than naive but not by the margin has no skill',
      current: undefined,
      challengers: [contender('lightgbm', 4.9, 5)],
      margin: 0.05,
      expected: { promote: false, reason: /does not beat naive 5\.000% by the margin 0\.05/ },
    },
    {
      name: 'a champion without skill (promoted before the gate) is replaced by a skilled challenger, even a worse one',
      current: unskilled,
      challengers: [contender('xgboost', 4.5, 4.6)],
      margin: 0,
      expected: {
        promote: true,
        winner: 'xgboost',
        reason: /does not beat the naive forecast: xgboost replaces it/,
      },
    },
    {
      name: 'a skilled champion is kept when tonight no challenger has skill',
      current: skilled,
      challengers: [contender('xgboost', 3, 2)],
      margin: 0,
      expected: {
        promote: false,
        reason: /no challenger has skill over the naive forecast.*champion is kept/,
      },
    },
  ])('$name', ({ current, challengers, margin, expected }) => {
    const decision = decidePromotion(
      current === undefined ? undefined : gate(current, margin),
      challengers.map((c) => gate(c, margin)),
      { tolerance: 0.01 },
    );
    expect(decision.promote).toBe(expected.promote);
    if (decision.promote) expect(decision.winner.modelName).toBe(expected.winner);
    expect(decision.reason).toMatch(expected.reason);
  });
});
