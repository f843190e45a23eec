import { z } from 'zod';

/** Which warehouse serves the training tables. Owned by the warehouse feature. */
export const warehouseConfigSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('duckdb'),
      /** Relative to the home unless absolute. */
      path: z.string().min(1).default('Warehouse/cbi.duckdb'),
    }),
    z.object({
      kind: z.literal('bigquery'),
      projectId: z.string().min(1),
      location: z.string().default('US'),
      /** Path of a service-account key file; Application Default Credentials when absent. */
      keyFile: z.string().optional(),
    }),
  ])
  .prefault({ kind: 'duckdb' });

export type WarehouseConfig = z.infer<typeof warehouseConfigSchema>;
