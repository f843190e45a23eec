import { AsyncLocalStorage } from 'node:async_hooks';
import type { StageScope, StageTag } from '../../ports/stage-scope.port.js';

/** The stage scope on node's AsyncLocalStorage: a tag follows its work through every await. */
export class AsyncStageScope implements StageScope {
  readonly #storage = new AsyncLocalStorage<StageTag>();

  current(): StageTag | undefined {
    return this.#storage.getStore();
  }

  run<T>(tag: StageTag, work: () => Promise<T>): Promise<T> {
    return this.#storage.run(tag, work);
  }
}
