import { packageVersion } from '../composition/package-root.js';
import type { Config } from '../config/config-schema.js';
import { byWarehouseKind } from '../config/warehouse-kind.js';
import type { JobsSettings } from '../jobs/jobs-settings.js';
import type { DoctorSettings } from './run-doctor.js';

/** The doctor's settings from the validated config. */
export function doctorSettingsFrom(config: Config, jobs: JobsSettings, host: string): DoctorSettings {
  return {
    jobs,
    productVersion: packageVersion(),
    minFreeGb: config.doctor.minFreeGb,
    maxAgeHours: config.watchdog.maxAgeHours,
    warehouse: byWarehouseKind<DoctorSettings['warehouse']>(config.warehouse, {
      duckdb: ({ path }) => ({ kind: 'duckdb', path }),
      bigquery: ({ projectId }) => ({ kind: 'bigquery', projectId }),
    }),
    alertChannels: config.alert.channels.map((c) => ({ kind: c.kind, on: c.on })),
    host,
  };
}
