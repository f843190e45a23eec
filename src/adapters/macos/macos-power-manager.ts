import { execa } from 'execa';
import type { PlanNote, PlanStep } from '../../domain/jobs/install-plan.js';
import type { PowerProblem, PowerReadiness, WakeInspection } from '../../domain/jobs/jobs-inspection.js';
import {
  decideWake,
  decideWakeRemoval,
  type RepeatingPower,
  type WantedWake,
} from '../../domain/jobs/repeating-wake.js';
import type { Logger } from '../../ports/logger.port.js';
import type { KeepAwake, PowerManager, WakePlan, WakeRequest } from '../../ports/power-manager.port.js';
import { runTool, showCommand } from '../shared/tool-runner.js';
import { describeEvent, parsePmsetSchedule, pmsetRepeatArgs } from './pmset-schedule.js';

export interface MacosPowerManagerSettings {
  /** The process whose life the keep-awake follows (`caffeinate -w`); this process by default. */
  readonly pid: number;
  /** The pmset command (tests put a stand-in here). */
  readonly pmset?: string;
  readonly timeoutMs?: number;
}

/** caffeinate for keep-awake, pmset for the repeating wake and the power facts. */
export class MacosPowerManager implements PowerManager {
  constructor(
    private readonly settings: MacosPowerManagerSettings,
    private readonly logger: Logger,
  ) {}

  async keepAwake(reason: string): Promise<KeepAwake> {
    // -i idle, -m disk, -s system sleep (on AC); -w: let go when the run's process ends, even if killed.
    const child = execa('caffeinate', ['-ims', '-w', String(this.settings.pid)], {
      reject: false,
      stdio: 'ignore',
      cleanup: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.nodeChildProcess.once('spawn', () => resolve());
        child.nodeChildProcess.once('error', reject);
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.logger.warn('keep-awake unavailable', { reason, problem: why });
      return { mechanism: `none: caffeinate failed (${why})`, release: async () => undefined };
    }
    child.nodeChildProcess.unref();
    return {
      mechanism: 'caffeinate',
      release: async () => {
        child.kill('SIGTERM');
        await child;
      },
    };
  }

  async inspectWake(): Promise<WakeInspection> {
    // Reading needs no root.
    const result = await this.#pmset(['-g', 'sched']);
    if (!result.ok) return { kind: 'unreadable', reason: `pmset -g sched: ${result.message}` };
    return { kind: 'repeating', power: parsePmsetSchedule(result.stdout) };
  }

  async planWake(request: WakeRequest): Promise<WakePlan> {
    const current = await this.inspectWake();
    if (current.kind !== 'repeating') return unreadable(current, request.wanted);
    const decision = decideWake(current.power, request.wanted, request.owned, request.force);
    const wanted = `wakepoweron at ${request.wanted.time.slice(0, 5)} ${request.wanted.days}`;
    switch (decision.kind) {
      case 'unchanged':
        return {
          steps: [],
          notes: [{ level: 'info', text: `wake: ${wanted} is set (unchanged)` }],
          owned: request.wanted,
        };
      case 'conflict':
        return {
          steps: [],
          notes: [
            {
              level: 'warn',
              text: `wake: somebody else's repeating wake is set (${describeEvent(decision.existing)}); pmset keeps one, so it is left alone and the Mac is not woken for the night. Run again with --force to replace it${current.power.off === undefined ? '' : ` (your ${describeEvent(current.power.off)} is kept)`}`,
            },
          ],
          owned: undefined,
        };
      case 'off_unreadable':
        return offUnreadable(decision.off, request.wanted);
      case 'set': {
        const argv = [this.#tool(), ...pmsetRepeatArgs(decision.events)];
        const what = [
          `wake: ${wanted} (system time, ${request.wanted.time.slice(0, 5)})`,
          decision.replaces === undefined ? '' : `, replacing ${describeEvent(decision.replaces)}`,
          decision.keeps === undefined ? '' : `, keeping your ${describeEvent(decision.keeps)}`,
        ].join('');
        return this.#rootStep(request, argv, what, 'repeating wake before the first run', request.wanted);
      }
    }
  }

  async planWakeRemoval(request: WakeRequest): Promise<WakePlan> {
    const current = await this.inspectWake();
    if (current.kind !== 'repeating')
      return {
        steps: [],
        notes: [
          {
            level: 'warn',
            text: `wake: left as it is (${current.kind === 'unreadable' ? current.reason : 'none'})`,
          },
        ],
        owned: undefined,
      };
    const decision = decideWakeRemoval(current.power, request.wanted, request.owned);
    switch (decision.kind) {
      case 'nothing':
        return { steps: [], notes: [{ level: 'info', text: 'wake: none is set' }], owned: null };
      case 'not_ours':
        return {
          steps: [],
          notes: [
            { level: 'info', text: `wake: ${describeEvent(decision.existing)} is not cbi's: left alone` },
          ],
          owned: null,
        };
      case 'off_unreadable':
        return {
          steps: [],
          notes: [
            {
              level: 'action',
              text: `wake: cbi's wake stays: removing it alone would also delete your ${describeEvent(decision.off)}, whose days pmset cannot print. Re-set your event alone: sudo pmset repeat ${decision.off.type} <days MTWRFSU> ${decision.off.time}`,
            },
          ],
          owned: undefined,
        };
      case 'cancel':
      case 'set': {
        const events: RepeatingPower = decision.kind === 'set' ? decision.events : {};
        const argv = [this.#tool(), ...pmsetRepeatArgs(events)];
        const kept =
          decision.kind === 'set' && events.off !== undefined
            ? `, keeping your ${describeEvent(events.off)}`
            : '';
        return this.#rootStep(
          request,
          argv,
          `wake: removes cbi's repeating wake${kept}`,
          "remove cbi's wake",
          null,
        );
      }
    }
  }

  async readiness(): Promise<PowerReadiness> {
    const battery = await this.#pmset(['-g', 'batt']);
    const source = !battery.ok
      ? 'unknown'
      : /drawing from 'AC Power'/i.test(battery.stdout)
        ? 'ac'
        : /drawing from '(Battery|UPS) Power'/i.test(battery.stdout)
          ? 'battery'
          : 'unknown';
    const settings = await this.#pmset(['-g']);
    const problems: PowerProblem[] = [];
    const autorestart = /^\s*autorestart\s+(\d+)/m.exec(settings.stdout)?.[1];
    if (autorestart === '0')
      problems.push({
        setting: 'autorestart 0',
        why: 'after a power cut the Mac stays off until somebody switches it on',
        fix: 'sudo pmset -a autorestart 1',
      });
    return { source, problems };
  }

  /** A root-only pmset request: a step in system mode, the exact sudo command otherwise. */
  #rootStep(
    request: WakeRequest,
    argv: readonly string[],
    what: string,
    why: string,
    owned: WantedWake | null,
  ): WakePlan {
    if (request.mode === 'system') {
      const step: PlanStep = {
        kind: 'command',
        argv,
        why,
        onFailure: {
          kind: 'stop',
          hint: `pmset needs root: sudo ${showCommand(['pmset', ...argv.slice(1)])}`,
        },
      };
      return { steps: [step], notes: [{ level: 'info', text: what }], owned };
    }
    const note: PlanNote = {
      level: 'action',
      text: `${what}; pmset needs root, so run: sudo ${showCommand(['pmset', ...argv.slice(1)])} (or install with sudo cbi install --system)`,
    };
    return { steps: [], notes: [note], owned: undefined };
  }

  #tool(): string {
    return this.settings.pmset ?? 'pmset';
  }

  async #pmset(args: readonly string[]) {
    return runTool([this.#tool(), ...args], { timeoutMs: this.settings.timeoutMs ?? 10_000 });
  }
}

function unreadable(current: WakeInspection, wanted: WantedWake): WakePlan {
  const why = current.kind === 'unreadable' ? current.reason : 'no pmset';
  return {
    steps: [],
    notes: [
      {
        level: 'warn',
        text: `wake: not set, as the current schedule cannot be read (${why}) and pmset would delete your other repeating event; check \`pmset -g sched\`, then: sudo pmset repeat wakeorpoweron ${wanted.days} ${wanted.time}`,
      },
    ],
    owned: undefined,
  };
}

function offUnreadable(off: { readonly type: string; readonly time: string }, wanted: WantedWake): WakePlan {
  return {
    steps: [],
    notes: [
      {
        level: 'action',
        text: `wake: not set: your ${off.type} at ${off.time.slice(0, 5)} repeats on days pmset prints as "Some days", and a new wake would delete it. Set both in one command: sudo pmset repeat wakeorpoweron ${wanted.days} ${wanted.time} ${off.type} <your days, MTWRFSU> ${off.time}`,
      },
    ],
    owned: undefined,
  };
}
