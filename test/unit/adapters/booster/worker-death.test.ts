import { describe, expect, it } from 'vitest';
import { unexpectedEnd, type ChildEnding } from '../../../../src/adapters/booster/booster-child.js';

function ending(over: Partial<ChildEnding>): ChildEnding {
  return {
    reply: undefined,
    code: null,
    signal: null,
    stoppedFor: null,
    output: '',
    spawnError: null,
    ...over,
  };
}

function channelClosed(code: string): Error {
  return Object.assign(new Error(code === 'EPIPE' ? 'write EPIPE' : 'Channel closed'), { code });
}

describe('a booster worker that ended without a result', () => {
  it('is transient when it was killed as it started, though the job could not be sent to it (docs/boosters.md)', () => {
    const error = unexpectedEnd(
      'lightgbm train job (1m)',
      ending({ signal: 'SIGKILL', spawnError: channelClosed('ERR_IPC_CHANNEL_CLOSED') }),
    );
    expect(error.transient).toBe(true);
    expect(error.message).toBe('lightgbm train job (1m): worker process died by SIGKILL');
  });

  it('is transient when its channel closed under the job (it died starting, no signal seen)', () => {
    expect(
      unexpectedEnd('xgboost train job', ending({ code: 1, spawnError: channelClosed('EPIPE') })).transient,
    ).toBe(true);
  });

  it('is permanent when it exited with a code and no result, or could not be spawned at all', () => {
    expect(unexpectedEnd('xgboost train job', ending({ code: 1, output: 'boom' })).transient).toBe(false);
    const enoent = Object.assign(new Error('spawn node ENOENT'), { code: 'ENOENT' });
    expect(unexpectedEnd('xgboost train job', ending({ spawnError: enoent })).transient).toBe(false);
  });
});
