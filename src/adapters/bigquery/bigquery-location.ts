import type { BigQuery } from '@google-cloud/bigquery';
import { ConfigError } from '../../domain/errors.js';
import { withTimeout } from './bigquery-errors.js';

export interface LocationSettings {
  readonly projectId: string;
  /** The training dataset: where the tables are, so where every job must run. */
  readonly dataset: string;
  /** `warehouse.location`, when the config sets one: checked against the dataset's. */
  readonly configured: string | undefined;
  readonly requestTimeoutMs: number;
}

/**
 * Where the night's jobs run: the training dataset's location, as BigQuery reports it
 * (datasets.get), read once per adapter. BigQuery runs a job in one location and answers a job
 * sent elsewhere with a 404 for the dataset, so a location is never assumed; a configured one
 * that is not the dataset's is refused in one line that names both.
 */
export class DatasetLocation {
  #location: Promise<string> | undefined;

  constructor(
    private readonly client: BigQuery,
    private readonly settings: LocationSettings,
  ) {}

  get(): Promise<string> {
    // a failure is not kept: the stage's next attempt asks again
    this.#location ??= this.#read().catch((error: unknown) => {
      this.#location = undefined;
      throw error;
    });
    return this.#location;
  }

  async #read(): Promise<string> {
    const { dataset, configured, projectId, requestTimeoutMs } = this.settings;
    const [metadata] = await withTimeout(`looking up dataset ${dataset}`, requestTimeoutMs, () =>
      this.client.dataset(dataset).getMetadata(),
    );
    const found: unknown =
      typeof metadata === 'object' && metadata !== null ? Reflect.get(metadata, 'location') : undefined;
    const location = typeof found === 'string' && found !== '' ? found : (configured ?? 'US');
    if (configured !== undefined && !sameLocation(configured, location))
      throw new ConfigError(
        `warehouse.location is "${configured}" but dataset ${projectId}:${dataset} is in ${location}`,
        {
          hint: `remove warehouse.location (the product reads it from the dataset) or set it to "${location}"`,
        },
      );
    return location;
  }
}

/** BigQuery's location names are case-insensitive (`US`, `us`, `europe-west3`). */
export function sameLocation(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
