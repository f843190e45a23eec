import { ALERT_KINDS } from '../../src/domain/watchdog/alert.js';
import { alerterContract } from '../../src/testing/contracts/alerter.contract.js';
import { FakeAlerter } from '../../src/testing/fake-alerter.js';

for (const accepted of [ALERT_KINDS, ['incident_opened', 'run_failed'] as const]) {
  alerterContract(
    `fake (accepting ${accepted.length === ALERT_KINDS.length ? 'all' : accepted.join(', ')})`,
    async () => {
      const alerter = new FakeAlerter('fake', accepted.length === ALERT_KINDS.length ? undefined : accepted);
      const down = new FakeAlerter('fake', accepted);
      down.failing = 'channel down';
      return {
        alerter,
        accepted,
        received: async () => alerter.sent.map((a) => `${a.subject}\n${a.body}`),
        unreachable: down,
        secrets: [],
        dispose: async () => undefined,
      };
    },
  );
}
