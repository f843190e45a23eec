// The Mac's repeating wake through a stand-in pmset (no macOS here) that keeps pmset's state,
// prints `pmset -g sched` as Apple's pmset.m does, needs root to change anything and, like
// powerd, deletes an event left out of a `pmset repeat` request. Each starting state is a real
// output (test/support/pmset-outputs.ts says where each was seen); the rows give the exact
// commands install and uninstall run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MacosPowerManager } from '../../src/adapters/macos/macos-power-manager.js';
import { runPlan } from '../../src/adapters/shared/plan-runner.js';
import { runTool } from '../../src/adapters/shared/tool-runner.js';
import { SchedulerError } from '../../src/domain/errors.js';
import type { WakePlan, WakeRequest } from '../../src/ports/power-manager.port.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PMSET_OUTPUTS } from '../support/pmset-outputs.js';
import { osStandins, type OsStandins, type StandinEvent } from '../support/standins/os-tools.js';

const WANTED = { days: 'MTWRFSU', time: '23:54:00' };
const ALARMS = [
  "wake at 12/05/2022 17:00:00 by 'com.apple.alarm.user-visible-com.apple.calaccessd.alarmEngine.alarm.name'",
  "wake at 12/05/2022 19:00:00 by 'com.apple.alarm.user-visible-com.apple.donotdisturb.server.ScheduleLifetimeMonitor.timer' User visible: true",
];
const ev = (type: string, days: string | null, time: string): StandinEvent => ({ type, days, time });

const rows: {
  name: keyof typeof PMSET_OUTPUTS;
  state: { on?: StandinEvent | null; off?: StandinEvent | null; oneShot?: string[] };
  install: string[];
  forced: string[];
  uninstall: string[];
}[] = [
  {
    name: 'none',
    state: {},
    install: ['repeat wakeorpoweron MTWRFSU 23:54:00'],
    forced: ['repeat wakeorpoweron MTWRFSU 23:54:00'],
    uninstall: ['repeat cancel'],
  },
  {
    name: 'ours',
    state: { on: ev('wakepoweron', 'MTWRFSU', '23:54') },
    install: [],
    forced: [],
    uninstall: ['repeat cancel'],
  },
  {
    name: 'appleAlarmsOnly',
    state: { oneShot: ALARMS },
    install: ['repeat wakeorpoweron MTWRFSU 23:54:00'],
    forced: ['repeat wakeorpoweron MTWRFSU 23:54:00'],
    uninstall: ['repeat cancel'],
  },
  {
    name: 'someoneElsesWakePlusShutdown',
    state: { on: ev('wakepoweron', 'MTWRF', '07:00'), off: ev('shutdown', 'MTWRFSU', '17:00') },
    install: [],
    forced: ['repeat wakeorpoweron MTWRFSU 23:54:00 shutdown MTWRFSU 17:00:00'],
    uninstall: ['repeat shutdown MTWRFSU 17:00:00'],
  },
  {
    name: 'someoneElsesMondayWake',
    state: { on: ev('wake', 'M', '09:00') },
    install: [],
    forced: ['repeat wakeorpoweron MTWRFSU 23:54:00'],
    uninstall: ['repeat cancel'],
  },
  {
    name: 'oursPlusShutdown',
    state: {
      on: ev('wakepoweron', 'MTWRFSU', '23:54'),
      off: ev('shutdown', 'MTWRF', '02:00'),
      oneShot: [ALARMS[1] ?? ''],
    },
    install: [],
    forced: [],
    uninstall: ['repeat shutdown MTWRF 02:00:00'],
  },
  {
    name: 'restartSomeDays',
    state: { off: ev('restart', null, '23:59') },
    install: [],
    forced: [],
    uninstall: [],
  },
];

describe('the repeating wake through a stand-in pmset (no macOS here)', () => {
  let tools: OsStandins;
  let power: MacosPowerManager;
  beforeEach(async () => {
    tools = await osStandins();
    await tools.setRoot(true);
    power = new MacosPowerManager({ pid: process.pid, pmset: tools.tools.pmset }, new FakeLogger());
  });
  afterEach(() => tools.dispose());

  const request = (over: Partial<WakeRequest> = {}): WakeRequest => ({
    mode: 'system',
    wanted: WANTED,
    owned: undefined,
    force: false,
    ...over,
  });
  const commands = (plan: WakePlan): string[] =>
    plan.steps.flatMap((s) => (s.kind === 'command' ? [s.argv.slice(1).join(' ')] : []));
  const apply = (plan: WakePlan) => runPlan({ mode: 'system', steps: plan.steps, notes: plan.notes });

  it.each(rows)(
    '$name: the stand-in prints the real output; install and uninstall run exactly these',
    async (row) => {
      await tools.setPmset({ on: null, off: null, oneShot: [], ...row.state });
      expect((await runTool([tools.tools.pmset, '-g', 'sched'])).stdout).toBe(
        PMSET_OUTPUTS[row.name].trimEnd(),
      );

      const plain = await power.planWake(request());
      expect(commands(plain)).toEqual(row.install);
      const forced = await power.planWake(request({ force: true }));
      expect(commands(forced)).toEqual(row.forced);
      await apply(forced);
      const removal = await power.planWakeRemoval(request({ owned: forced.owned ?? undefined }));
      expect(commands(removal)).toEqual(row.uninstall);
      await apply(removal);

      const after = await tools.pmsetState();
      // Our wake is gone; the user's off event and macOS's alarms are as they were.
      expect(after.on).toEqual(
        row.state.on?.type === 'wakepoweron' || row.forced.length > 0 ? null : (row.state.on ?? null),
      );
      expect(after.off).toEqual(row.state.off ?? null);
      expect((await runTool([tools.tools.pmset, '-g', 'sched'])).stdout).toContain(
        row.state.oneShot?.[0] ?? '',
      );
    },
  );

  it("says what is there instead of overwriting somebody else's wake without --force", async () => {
    await tools.setPmset({
      on: ev('wakepoweron', 'MTWRF', '07:00'),
      off: ev('shutdown', 'MTWRFSU', '17:00'),
    });
    const plan = await power.planWake(request());
    expect(plan.steps).toEqual([]);
    expect(plan.owned).toBeUndefined();
    expect(plan.notes[0]?.text).toMatch(
      /somebody else's repeating wake is set \(wakepoweron at 7:00AM weekdays only\).*--force.*your shutdown at 5:00PM every day is kept/,
    );
  });

  it("without --system gives the exact sudo command (with the user's shutdown kept) and runs nothing", async () => {
    await tools.setPmset({ off: ev('shutdown', 'MTWRF', '02:00') });
    const plan = await power.planWake(request({ mode: 'user' }));
    expect(plan.steps).toEqual([]);
    expect(plan.notes).toEqual([
      expect.objectContaining({
        level: 'action',
        text: expect.stringContaining(
          'sudo pmset repeat wakeorpoweron MTWRFSU 23:54:00 shutdown MTWRF 02:00:00',
        ),
      }),
    ]);
    expect(await tools.lines('pmset')).toEqual(['-g sched']);
  });

  it('fails with the sudo command as the hint when pmset refuses a user who is not root', async () => {
    await tools.setRoot(false);
    const plan = await power.planWake(request());
    const failure = apply(plan);
    await expect(failure).rejects.toBeInstanceOf(SchedulerError);
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('Must be run as root to modify settings'),
      hint: 'pmset needs root: sudo pmset repeat wakeorpoweron MTWRFSU 23:54:00',
    });
  });

  it('sets no wake and says why when pmset cannot be run at all', async () => {
    const missing = new MacosPowerManager(
      { pid: process.pid, pmset: '/nonexistent/pmset' },
      new FakeLogger(),
    );
    expect(await missing.inspectWake()).toEqual({
      kind: 'unreadable',
      reason: 'pmset -g sched: /nonexistent/pmset not found',
    });
    const plan = await missing.planWake(request());
    expect(plan.steps).toEqual([]);
    expect(plan.notes[0]?.level).toBe('warn');
  });

  it('reads AC power and autorestart from pmset', async () => {
    await tools.setPmset({ battery: true, autorestart: 0 });
    expect(await power.readiness()).toEqual({
      source: 'battery',
      problems: [expect.objectContaining({ setting: 'autorestart 0', fix: 'sudo pmset -a autorestart 1' })],
    });
  });
});
