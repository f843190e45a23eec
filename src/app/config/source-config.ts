import { z } from 'zod';
import { DEFAULT_ROLE_SETTINGS } from '../../domain/data/table-roles.js';
import { DEFAULT_FEATURE_ROLES, type FeatureRole } from '../../domain/data/training-features.js';
import { SERIES_ID_PATTERN } from '../../domain/data/series.js';
import { PRICE_UNITS } from '../../domain/data/price-units.js';

const seriesId = z
  .string()
  .regex(SERIES_ID_PATTERN, 'a series id: letters, digits, "_", "-" or "." (the file is <id>.csv)');

/** A role's series: the default unless set; `null` leaves the role empty. */
const role = (name: FeatureRole) =>
  seriesId
    .nullable()
    .default(DEFAULT_FEATURE_ROLES[name] ?? null)
    .transform((id) => id ?? undefined);

/**
 * Which series plays which part in the spread, crush and yield-curve features. A role left
 * empty (or naming a series that is not a driver) builds no feature and is reported.
 */
const featureRolesSchema = z
  .object({
    palm: role('palm'),
    rapeseed: role('rapeseed'),
    sunflower: role('sunflower'),
    crude: role('crude'),
    meal: role('meal'),
    beans: role('beans'),
    yield10y: role('yield10y'),
    yield2y: role('yield2y'),
  })
  .strict()
  .prefault({});

/**
 * The unit each price is quoted in, by role (`target`: the forecast series). The crush features
 * are in USD per tonne: inputs in another unit are converted, inputs without one are refused
 * (docs/data.md, "Units"). The IMF series of the default need none.
 */
const unitsSchema = z
  .object({
    target: z.enum(PRICE_UNITS).optional(),
    palm: z.enum(PRICE_UNITS).optional(),
    rapeseed: z.enum(PRICE_UNITS).optional(),
    sunflower: z.enum(PRICE_UNITS).optional(),
    crude: z.enum(PRICE_UNITS).optional(),
    meal: z.enum(PRICE_UNITS).optional(),
    beans: z.enum(PRICE_UNITS).optional(),
  })
  .strict()
  .prefault({});

/** How the columns of a training table get their roles (docs/data.md, "Your own tables"). */
const columnsSchema = z
  .object({
    /** The date column; unset: `date`, else the table's only date column. */
    date: z.string().min(1).optional(),
    /** The price column; unset: the first of zl_price, zl_price_current, price, close. */
    price: z.string().min(1).optional(),
    /** The horizon's target column, `{h}` standing for the horizon. */
    target: z.string().includes('{h}').default(DEFAULT_ROLE_SETTINGS.target),
    /** Every column starting with this is some horizon's target: never a feature. */
    targetPrefix: z.string().min(1).default(DEFAULT_ROLE_SETTINGS.targetPrefix),
    /** Columns never used, by name; `*` matches any text. */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .prefault({});

/**
 * Where the embedded warehouse gets its data: `fred` builds the training tables from series in
 * FRED's fredgraph.csv layout (a folder or downloads); `tables` takes the user's own training
 * tables as they are, from a folder of Parquet files named like the seed's tables.
 */
export const sourceConfigSchema = z
  .object({
    kind: z.enum(['fred', 'tables']).default('fred'),
    /** `fred`: a folder of <SERIES_ID>.csv files (when absent, series are downloaded); `tables`: the folder of Parquet tables. */
    dir: z.string().optional(),
    baseUrl: z.string().url().default('https://fred.stlouisfed.org/graph/fredgraph.csv'),
    timeoutMs: z.number().int().positive().default(30_000),
    attempts: z.number().int().min(1).max(10).default(3),
    /** The series forecast (its frequency is the tables'): monthly or daily. */
    target: seriesId.default('PSOILUSDM'),
    drivers: z
      .array(seriesId)
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
    roles: featureRolesSchema,
    units: unitsSchema,
    /** Series quoted in percent (yields): their changes are differences, not log returns. */
    rates: z.array(seriesId).default(['DGS10', 'DGS2']),
    columns: columnsSchema,
    /**
     * The unit of the target's prices, as the report's axes and tables say it (`US¢/lb` for
     * CBI-V14's tables). Unset: a FRED series' own unit, none for the user's tables.
     */
    priceUnit: z.string().trim().min(1).max(24).optional(),
  })
  .refine((source) => source.kind !== 'tables' || source.dir !== undefined, {
    message:
      'source.kind "tables" needs source.dir, the folder of zl_training_prod_allhistory_<h>.parquet files',
    path: ['dir'],
  })
  .prefault({});

export type SourceConfig = z.infer<typeof sourceConfigSchema>;
