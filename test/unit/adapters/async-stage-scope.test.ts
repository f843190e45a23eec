import { describe, expect, it } from 'vitest';
import { AsyncStageScope } from '../../../src/adapters/system/async-stage-scope.js';

describe('AsyncStageScope', () => {
  it('has no current stage outside a run of one', () => {
    expect(new AsyncStageScope().current()).toBeUndefined();
  });

  it('keeps the tag current through every await of the work, and only there', async () => {
    const scope = new AsyncStageScope();
    const seen = await scope.run({ runId: '20261129_235900', stage: 'export' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const inner = await Promise.resolve().then(() => scope.current());
      return inner;
    });
    expect(seen).toEqual({ runId: '20261129_235900', stage: 'export' });
    expect(scope.current()).toBeUndefined();
  });

  it('keeps two stages running at once apart', async () => {
    const scope = new AsyncStageScope();
    const stage = (name: string, ms: number) =>
      scope.run({ runId: 'r1', stage: name }, async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return scope.current()?.stage;
      });
    expect(await Promise.all([stage('train_1m', 10), stage('train_3m', 1)])).toEqual([
      'train_1m',
      'train_3m',
    ]);
  });
});
