import { ConfigError } from '../../domain/errors.js';
import { nodeFs } from '../node-fs.js';

/** The variable that names the installed jobs' secrets file (set in the plist or unit by cbi install). */
export const SECRETS_FILE_VARIABLE = 'CBI_SECRETS_FILE';

/** The file's content as cbi install writes it (mode 0600, never into a plist or unit). */
export function secretsFileContent(secrets: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(secrets, null, 2)}\n`;
}

/**
 * The secret variables of an installed job: read from the file CBI_SECRETS_FILE names, minus
 * those `env` sets already (what the shell sets wins). Empty when the variable is unset.
 * Throws ConfigError when the file cannot be read or is not a JSON object of strings.
 */
export async function readJobSecrets(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const file = env[SECRETS_FILE_VARIABLE];
  if (file === undefined || file === '') return {};
  let text: string;
  try {
    text = nodeFs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the jobs' secrets file ${file} (${SECRETS_FILE_VARIABLE})`, {
      cause,
      hint: 'cbi install writes it; run it again, or unset CBI_SECRETS_FILE',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`the jobs' secrets file ${file} is not JSON`, {
      cause,
      hint: 'cbi install writes it again',
    });
  }
  // zod only where a secrets file is read: this module is on every command's start-up path
  const z = await import('zod/mini');
  const secrets = z
    .record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), z.string())
    .safeParse(parsed);
  if (!secrets.success)
    throw new ConfigError(`the jobs' secrets file ${file} must hold names and string values`, {
      hint: 'cbi install writes it again',
    });
  return Object.fromEntries(Object.entries(secrets.data).filter(([name]) => env[name] === undefined));
}

/** The environment of this process, or the one given (the only other place process.env is read is loadConfig). */
export function shellEnvironment(
  given: Readonly<Record<string, string | undefined>> | undefined,
): Readonly<Record<string, string | undefined>> {
  return given ?? process.env;
}
