import { describe, expect, it } from 'vitest';
import { isSecretName, jobEnvironment } from '../../../../src/domain/jobs/job-environment.js';

describe('isSecretName', () => {
  it.each([
    ['FRED_API_KEY', true],
    ['SMTP_PASSWORD', true],
    ['SLACK_TOKEN', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['HTTPS_PROXY', false],
    ['CBI_SOURCE_DIR', false],
    ['PATH', false],
  ])('%s: %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe('jobEnvironment', () => {
  it('keeps secrets out of the plain variables, copies passed names from the shell, and says what is missing', () => {
    expect(
      jobEnvironment(
        {
          values: { HTTPS_PROXY: 'http://proxy:3128', FRED_API_KEY: 'k', CBI_SECRETS_FILE: '/elsewhere' },
          pass: ['WAREHOUSE_TOKEN', 'LANG', 'NOT_SET'],
          secrets: ['LANG'],
        },
        { WAREHOUSE_TOKEN: 't', LANG: 'en_US.UTF-8' },
      ),
    ).toEqual({
      plain: { HTTPS_PROXY: 'http://proxy:3128' },
      secret: { FRED_API_KEY: 'k', WAREHOUSE_TOKEN: 't', LANG: 'en_US.UTF-8' },
      missing: ['NOT_SET'],
      refused: ['CBI_SECRETS_FILE'],
    });
  });
});
