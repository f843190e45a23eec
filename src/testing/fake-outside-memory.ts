import { ArtifactIoError } from '../domain/errors.js';
import type { UnwritableHomeState } from '../domain/watchdog/unwritable-home.js';
import type { OutsideMemory } from '../ports/outside-memory.port.js';

/** An in-memory OutsideMemory; `failing` makes saves throw like a place that takes no write. */
export class FakeOutsideMemory implements OutsideMemory {
  state: UnwritableHomeState | undefined;
  /** When set, saveUnwritableHome() throws ArtifactIoError with this message. */
  failing: string | undefined;

  async unwritableHome(): Promise<UnwritableHomeState | undefined> {
    return this.state;
  }

  async saveUnwritableHome(state: UnwritableHomeState | undefined): Promise<void> {
    if (this.failing !== undefined) throw new ArtifactIoError(this.failing);
    this.state = state;
  }
}
