import { readFile } from 'node:fs/promises';
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { ConfigError } from '../../domain/errors.js';

export interface ClientSettings {
  readonly projectId: string;
  readonly location: string;
  readonly keyFile?: string | undefined;
  readonly requestTimeoutMs: number;
  readonly emulator?: { readonly apiEndpoint: string } | undefined;
}

/**
 * The REST client, credentials found the way Google's tools find them: the key file when one is
 * configured, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * application-default login, the metadata server); none for an emulator. Its own retries are off
 * (the run's retry policy decides) and every request is bounded by the request timeout.
 * Throws ConfigError for a key file that cannot be read.
 */
export async function openClient(settings: ClientSettings): Promise<BigQuery> {
  if (settings.keyFile !== undefined) await checkKeyFile(settings.keyFile);
  const emulator = settings.emulator;
  const options: BigQueryOptions = {
    projectId: settings.projectId,
    location: settings.location,
    retryOptions: { autoRetry: false, maxRetries: 0 },
    ...(settings.keyFile === undefined ? {} : { keyFilename: settings.keyFile }),
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

/** A key file that cannot be read is a configuration error; what it holds is never echoed. */
async function checkKeyFile(path: string): Promise<void> {
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
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('type' in parsed) ||
    typeof parsed.type !== 'string'
  ) {
    throw new ConfigError(`warehouse.keyFile ${path} is not a Google credentials file (JSON with a "type")`, {
      hint: 'download a service-account key from the Cloud console (IAM, Service accounts, Keys) or run "gcloud auth application-default login"',
    });
  }
}
