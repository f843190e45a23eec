import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SystemdInhibitPowerManager } from '../../src/adapters/linux/systemd-inhibit-power-manager.js';
import { MacosPowerManager } from '../../src/adapters/macos/macos-power-manager.js';
import { PlainPowerManager } from '../../src/adapters/plain/plain-power-manager.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakePowerManager } from '../../src/testing/fake-power-manager.js';
import { powerManagerContract } from '../../src/testing/contracts/power-manager.contract.js';

const hasSystemdInhibit = spawnSync('systemd-inhibit', ['--version']).status === 0;
// A working logind answers `systemd-inhibit --list`; containers and CI runners usually have none.
const logindWorks = hasSystemdInhibit && spawnSync('systemd-inhibit', ['--list', '--no-pager']).status === 0;

powerManagerContract('fake', () => new FakePowerManager());
powerManagerContract('plain', () => new PlainPowerManager('freebsd'));
powerManagerContract(
  'systemd-inhibit',
  () => new SystemdInhibitPowerManager({ pid: process.pid }, new FakeLogger()),
  hasSystemdInhibit ? undefined : 'no systemd-inhibit here',
);
powerManagerContract(
  'macOS caffeinate/pmset',
  () => new MacosPowerManager({ pid: process.pid }, new FakeLogger()),
  process.platform === 'darwin' ? undefined : 'needs macOS',
);

describe.skipIf(!hasSystemdInhibit || logindWorks)('SystemdInhibitPowerManager without logind', () => {
  it('reports "none: <why>" and logs it instead of failing the run', async () => {
    const logger = new FakeLogger();
    const hold = await new SystemdInhibitPowerManager({ pid: process.pid }, logger).keepAwake('cbi test');
    expect(hold.mechanism).toMatch(/^none: systemd-inhibit failed \(.+\)$/);
    expect(logger.messages('warn')).toEqual(['keep-awake unavailable']);
  });
});

describe.skipIf(!logindWorks)('SystemdInhibitPowerManager with logind', () => {
  it('holds a block inhibitor until released', async () => {
    const hold = await new SystemdInhibitPowerManager({ pid: process.pid }, new FakeLogger()).keepAwake(
      'cbi test hold',
    );
    expect(hold.mechanism).toBe('systemd-inhibit');
    expect(spawnSync('systemd-inhibit', ['--list', '--no-pager']).stdout.toString()).toContain(
      'cbi test hold',
    );
    await hold.release();
  });
});

describe('PlainPowerManager', () => {
  it('says there is no keep-awake and no wake, and tells install to wake the machine another way', async () => {
    const power = new PlainPowerManager('freebsd');
    expect((await power.keepAwake('x')).mechanism).toBe('none: no keep-awake mechanism on freebsd');
    expect(await power.inspectWake()).toEqual({ kind: 'none', reason: 'no wake mechanism on freebsd' });
    const plan = await power.planWake({
      mode: 'system',
      wanted: { days: 'MTWRFSU', time: '23:54:00' },
      owned: undefined,
      force: false,
    });
    expect(plan.steps).toEqual([]);
    expect(plan.notes[0]?.text).toMatch(/cannot schedule a wake on freebsd/);
  });
});
