/** Field names whose values are credentials; matched case-insensitively anywhere in a name. */
const SECRET_NAME =
  /pass(word)?|secret|token|api[-_]?key|private[-_]?key|authorization|credential|cookie|smtp[-_]?pass/i;

export const REDACTED = '[redacted]';

/**
 * A copy of `value` with credential fields replaced and credentials in URLs (user:password@,
 * token-like query parameters) masked. Depth-limited; cycles are cut.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactUrlCredentials(value.message),
      code: 'code' in value ? value.code : undefined,
    };
  }
  if (seen.has(value) || depth > 8) return '[cut]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_NAME.test(key) ? REDACTED : redact(inner, depth + 1, seen);
  }
  return out;
}

function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`).replace(
    // Google's APIs also take OAuth tokens as ?access_token= (and id_token, refresh_token)
    /([?&](?:[a-z_]*token|key|api_key|apikey|password|secret|sig|signature)=)[^&\s]+/gi,
    `$1${REDACTED}`,
  );
}
