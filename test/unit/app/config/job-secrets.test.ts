import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJobSecrets, secretsFileContent } from '../../../../src/app/config/job-secrets.js';
import { ConfigError } from '../../../../src/domain/errors.js';

describe('readJobSecrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads what install wrote, leaving alone what the environment already sets', async () => {
    const file = join(dir, 'job-secrets.json');
    await writeFile(file, secretsFileContent({ FRED_API_KEY: 'k3y', SMTP_PASSWORD: 'from-file' }), {
      mode: 0o600,
    });
    expect(await readJobSecrets({ CBI_SECRETS_FILE: file, SMTP_PASSWORD: 'from-shell' })).toEqual({
      FRED_API_KEY: 'k3y',
    });
  });

  it('is empty outside a job', async () => {
    expect(await readJobSecrets({})).toEqual({});
  });

  it('fails with one clear line when the file is gone or not names and strings', async () => {
    await expect(readJobSecrets({ CBI_SECRETS_FILE: join(dir, 'gone.json') })).rejects.toBeInstanceOf(
      ConfigError,
    );
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"FRED_API_KEY": 42}');
    await expect(readJobSecrets({ CBI_SECRETS_FILE: bad })).rejects.toThrow(
      /must hold names and string values/,
    );
  });
});
