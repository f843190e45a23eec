import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PinoLogger } from '../../src/adapters/pino/pino-logger.js';
import { loggerContract, type LoggedEvent } from '../../src/testing/contracts/logger.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { tempHome } from '../support/temp-home.js';

loggerContract(
  'fake',
  async () => {
    const logger = new FakeLogger();
    return { logger, events: async () => logger.entries, dispose: async () => undefined };
  },
  { keepsSecrets: 'the fake keeps every field, so a test sees a secret that code logs' },
);

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

loggerContract('pino (JSON lines in a file)', async () => {
  const { home, dispose } = await tempHome();
  const file = join(home, 'Logs', 'nightly', 'run.jsonl');
  const logger = PinoLogger.create({ level: 'debug', file, stdout: false });
  const events = async (): Promise<LoggedEvent[]> => {
    const text = await readFile(file, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { level, msg, time: _time, pid: _pid, ...fields } = JSON.parse(line) as Record<string, unknown>;
        const known = LEVELS.find((l) => l === level);
        if (known === undefined) throw new Error(`unknown level in ${line}`);
        return { level: known, message: String(msg), fields };
      });
  };
  return { logger, events, dispose };
});
