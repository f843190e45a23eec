import { LogAlerter } from '../../src/adapters/alert/log-alerter.js';
import { alerterContract } from '../../src/testing/contracts/alerter.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';

alerterContract(
  'log',
  async () => {
    const logger = new FakeLogger();
    const accepted = ['incident_opened', 'incident_reminder', 'recovered'] as const;
    return {
      alerter: new LogAlerter(logger, accepted),
      accepted,
      received: async () =>
        logger.entries.filter((e) => e.message === 'alert').map((e) => JSON.stringify(e.fields)),
      unreachable: undefined,
      secrets: [],
      dispose: async () => undefined,
    };
  },
  { cannotFail: 'writing to the log has no channel to lose' },
);
