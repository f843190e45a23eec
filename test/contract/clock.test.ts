import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { clockContract } from '../../src/testing/contracts/clock.contract.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

clockContract('fake (advancing by itself when idle)', () => new FakeClock('2026-11-29T23:59:00Z'));
clockContract('system', () => new SystemClock());
