/** What the config asks the jobs' environment to hold. */
export interface JobEnvironmentRequest {
  /** Names and values, as written in the config. */
  readonly values: Readonly<Record<string, string>>;
  /** Names whose values are copied from the installing shell. */
  readonly pass: readonly string[];
  /** Names that are secrets whatever they are called. */
  readonly secrets: readonly string[];
}

/** The jobs' environment, split by where each variable may be written. */
export interface JobEnvironment {
  /** Goes into the plist or unit (world-readable files). */
  readonly plain: Readonly<Record<string, string>>;
  /** Goes into a file only the user can read (0600). */
  readonly secret: Readonly<Record<string, string>>;
  /** Names to pass that the installing shell does not set. */
  readonly missing: readonly string[];
  /** Names the product sets itself, refused from the config. */
  readonly refused: readonly string[];
}

/** Variables cbi sets in the jobs itself. */
export const RESERVED_JOB_VARIABLES = ['CBI_SECRETS_FILE'] as const;

const SECRET_NAME =
  /(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)/i;

/** Whether a variable's name says it holds a secret (FRED_API_KEY, SMTP_PASSWORD, ...). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Splits the configured environment into what may go into the jobs' files and what must go into
 * the user's private file: a secret never lands in a world-readable plist or unit.
 */
export function jobEnvironment(
  request: JobEnvironmentRequest,
  shell: Readonly<Record<string, string | undefined>>,
): JobEnvironment {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  const missing: string[] = [];
  const refused: string[] = [];
  const listed = new Set(request.secrets);
  const put = (name: string, value: string): void => {
    if ((RESERVED_JOB_VARIABLES as readonly string[]).includes(name)) {
      refused.push(name);
      return;
    }
    if (listed.has(name) || isSecretName(name)) secret[name] = value;
    else plain[name] = value;
  };
  for (const [name, value] of Object.entries(request.values)) put(name, value);
  for (const name of request.pass) {
    const value = shell[name];
    if (value === undefined || value === '') missing.push(name);
    else put(name, value);
  }
  return { plain, secret, missing, refused };
}
