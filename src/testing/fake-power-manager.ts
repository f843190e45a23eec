import type { PowerReadiness, WakeInspection } from '../domain/jobs/jobs-inspection.js';
import { decideWake, decideWakeRemoval, type RepeatingPower } from '../domain/jobs/repeating-wake.js';
import type { KeepAwake, PowerManager, WakePlan, WakeRequest } from '../ports/power-manager.port.js';

/** Counts keep-awake holds and keeps a Mac-like repeating wake in memory. */
export class FakePowerManager implements PowerManager {
  /** Reasons of the holds not yet released. */
  readonly held: string[] = [];
  /** Every hold ever taken, in order. */
  readonly taken: string[] = [];
  /** The repeating events, as pmset would show them; undefined: this machine has no wake at all. */
  repeating: RepeatingPower | undefined = {};
  readinessFacts: PowerReadiness = { source: 'ac', problems: [] };

  constructor(readonly mechanism = 'fake') {}

  async keepAwake(reason: string): Promise<KeepAwake> {
    this.held.push(reason);
    this.taken.push(reason);
    let released = false;
    return {
      mechanism: this.mechanism,
      release: async () => {
        if (released) return;
        released = true;
        const index = this.held.indexOf(reason);
        if (index >= 0) this.held.splice(index, 1);
      },
    };
  }

  async inspectWake(): Promise<WakeInspection> {
    return this.repeating === undefined
      ? { kind: 'none', reason: 'the fake has no wake' }
      : { kind: 'repeating', power: this.repeating };
  }

  /** Decides as the Mac adapter does and says so in a note; changes nothing (the port's promise). */
  async planWake(request: WakeRequest): Promise<WakePlan> {
    if (this.repeating === undefined) return { steps: [], notes: [], owned: undefined };
    const decision = decideWake(this.repeating, request.wanted, request.owned, request.force);
    const owned = decision.kind === 'set' || decision.kind === 'unchanged' ? request.wanted : undefined;
    return { steps: [], notes: [{ level: 'info', text: `wake: ${decision.kind}` }], owned };
  }

  async planWakeRemoval(request: WakeRequest): Promise<WakePlan> {
    if (this.repeating === undefined) return { steps: [], notes: [], owned: null };
    const decision = decideWakeRemoval(this.repeating, request.wanted, request.owned);
    return { steps: [], notes: [{ level: 'info', text: `wake: ${decision.kind}` }], owned: null };
  }

  async readiness(): Promise<PowerReadiness> {
    return this.readinessFacts;
  }
}
