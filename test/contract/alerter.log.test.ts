import { ALERT_KINDS } from '../../src/domain/watchdog/alert.js';
import { LogAlerter } from '../../src/adapters/alert/log-alerter.js';
import { alerterContract } from '../../src/testing/contracts/alerter.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';

alerterContract(
  'log',
  async () => {
    const logger = new FakeLogger();
    return {
      alerter: new LogAlerter(logger),
      accepted: ALERT_KINDS,
      received: async () =>
        logger.entries.filter((e) => e.message === 'alert').map((e) => JSON.stringify(e.fields)),
      unreachable: undefined,
      secrets: [],
      dispose: async () => undefined,
    };
  },
  { cannotFail: 'writing to the log has no channel to lose' },
);
