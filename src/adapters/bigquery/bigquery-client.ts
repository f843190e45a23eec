import { readFile } from 'node:fs/promises';
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import { JWT, PassThroughClient } from 'google-auth-library';
import { ConfigError } from '../../domain/errors.js';

/** The OAuth scopes of the REST and Storage Read API clients. */
export const BIGQUERY_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/bigquery',
  'https://www.googleapis.com/auth/cloud-platform',
];

/** What a service-account key file holds that a client needs; never logged, never in a message. */
export interface ServiceAccountKey {
  readonly email: string;
  readonly key: string;
  readonly keyId: string | undefined;
}

export interface ClientSettings {
  readonly projectId: string;
  readonly requestTimeoutMs: number;
  readonly emulator?: { readonly apiEndpoint: string } | undefined;
}

/**
 * The REST client, with credentials found the way Google's tools find them: the configured
 * service-account key, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
 * gcloud's application-default login, the metadata server); none at all for an emulator. Its
 * own retries are off (the run's retry policy decides) and every request is bounded by the
 * request timeout.
 */
export function openClient(settings: ClientSettings, key: ServiceAccountKey | undefined): BigQuery {
  const emulator = settings.emulator;
  const options: BigQueryOptions = {
    projectId: settings.projectId,
    retryOptions: { autoRetry: false, maxRetries: 0 },
    ...(key === undefined
      ? {}
      : {
          authClient: new JWT({
            email: key.email,
            key: key.key,
            keyId: key.keyId,
            scopes: [...BIGQUERY_SCOPES],
          }),
        }),
    // an emulator takes no credentials: none are looked for (no metadata-server probe) or sent
    ...(emulator === undefined
      ? {}
      : { apiEndpoint: emulator.apiEndpoint, authClient: new PassThroughClient() }),
  };
  const client = new BigQuery(options);
  // the socket itself times out (not just our wait for it): a hung request does not linger
  client.interceptors.push({
    request: (request) => ({
      ...request,
      uri: 'uri' in request ? request.uri : request.url,
      timeout: settings.requestTimeoutMs,
    }),
  });
  return client;
}

/**
 * Reads the configured key file as a service-account key, and only as one: Google now warns
 * against letting a file choose the credential type (an `external_account` file can send tokens
 * elsewhere), so other types are refused and belong to Application Default Credentials. Throws
 * ConfigError in one line that never quotes the file.
 */
export async function readServiceAccountKey(path: string): Promise<ServiceAccountKey> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`warehouse.keyFile ${path} cannot be read`, {
      cause: cause instanceof Error ? new Error(cause.message) : undefined,
      hint: 'point warehouse.keyFile at a service-account key (JSON), or remove it to use Application Default Credentials',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    parsed = undefined;
  }
  const type = text(parsed, 'type');
  if (type === undefined) {
    throw new ConfigError(`warehouse.keyFile ${path} is not a Google credentials file (JSON with a "type")`, {
      hint: 'download a service-account key (Cloud console, IAM, Service accounts, Keys), or remove warehouse.keyFile to use Application Default Credentials',
    });
  }
  if (type !== 'service_account') {
    throw new ConfigError(
      `warehouse.keyFile ${path} holds "${type}" credentials, not a service-account key`,
      {
        hint: 'give other credentials through GOOGLE_APPLICATION_CREDENTIALS or "gcloud auth application-default login" and remove warehouse.keyFile',
      },
    );
  }
  const email = text(parsed, 'client_email');
  const key = text(parsed, 'private_key');
  if (email === undefined || key === undefined) {
    throw new ConfigError(
      `warehouse.keyFile ${path} is a service-account key without client_email or private_key`,
      {
        hint: 'download a new key for the service account (Cloud console, IAM, Service accounts, Keys)',
      },
    );
  }
  return { email, key, keyId: text(parsed, 'private_key_id') };
}

function text(value: unknown, key: string): string | undefined {
  const found: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  return typeof found === 'string' && found !== '' ? found : undefined;
}
