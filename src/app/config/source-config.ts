import { z } from 'zod';

/** Where the embedded warehouse gets its real series (FRED's fredgraph.csv layout). */
export const sourceConfigSchema = z
  .object({
    kind: z.literal('fred').default('fred'),
    /** A directory of <SERIES_ID>.csv files; when absent, series are downloaded. */
    dir: z.string().optional(),
    baseUrl: z.string().url().default('https://fred.stlouisfed.org/graph/fredgraph.csv'),
    timeoutMs: z.number().int().positive().default(30_000),
    attempts: z.number().int().min(1).max(10).default(3),
    target: z.string().default('PSOILUSDM'),
    drivers: z
      .array(z.string().regex(/^[A-Z0-9]+$/, 'a FRED series id (capital letters and digits)'))
      .default([
        'PSOYBUSDM',
        'PSMEAUSDM',
        'PPOILUSDM',
        'PROILUSDM',
        'PSUNOUSDM',
        'POLVOILUSDM',
        'PMAIZMTUSDM',
        'PWHEAMTUSDM',
        'PBARLUSDM',
        'PRICENPQUSDM',
        'PSUGAISAUSDM',
        'PCOTTINDUSDM',
        'POILWTIUSDM',
        'POILBREUSDM',
        'POILDUBUSDM',
        'PNGASUSUSDM',
        'PUREAUSDM',
        'PDAPUSDM',
        'PPOTASHUSDM',
        'DCOILWTICO',
        'DCOILBRENTEU',
        'DGS10',
        'DGS2',
        'DTWEXBGS',
      ]),
  })
  .prefault({});

export type SourceConfig = z.infer<typeof sourceConfigSchema>;
