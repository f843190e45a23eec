import type { PowerReadiness, WakeInspection } from '../../domain/jobs/jobs-inspection.js';
import type { KeepAwake, PowerManager, WakePlan, WakeRequest } from '../../ports/power-manager.port.js';

/** For platforms with no keep-awake or wake mechanism we know: says so, never fails a run. */
export class PlainPowerManager implements PowerManager {
  constructor(private readonly platform: string) {}

  async keepAwake(_reason: string): Promise<KeepAwake> {
    return { mechanism: `none: no keep-awake mechanism on ${this.platform}`, release: async () => undefined };
  }

  async inspectWake(): Promise<WakeInspection> {
    return { kind: 'none', reason: `no wake mechanism on ${this.platform}` };
  }

  async planWake(_request: WakeRequest): Promise<WakePlan> {
    return {
      steps: [],
      notes: [
        {
          level: 'warn',
          text: `wake: cbi cannot schedule a wake on ${this.platform}; wake the machine another way (a firmware timer)`,
        },
      ],
      owned: undefined,
    };
  }

  async planWakeRemoval(_request: WakeRequest): Promise<WakePlan> {
    return { steps: [], notes: [], owned: null };
  }

  async readiness(): Promise<PowerReadiness> {
    return { source: 'unknown', problems: [] };
  }
}
