/**
 * Just enough GoogleSQL for the statements the BigQuery adapter sends, rewritten for DuckDB (the
 * test server's engine): backquoted `project.dataset.table` paths, `@name` parameters,
 * `SELECT * EXCEPT`, `TIMESTAMP(x)`, `DATE(x)`, `SAFE_CAST(x AS T)` and backslash-escaped quotes. A statement outside
 * that subset fails as BigQuery would fail a bad query (invalidQuery), so a change in what the
 * adapter sends shows up in the tests.
 */

export interface TableName {
  readonly datasetId: string;
  readonly tableId: string;
}

export interface Translated {
  readonly sql: string;
  readonly kind: 'query' | 'dml';
  /** Tables the statement reads or writes, in order of appearance. */
  readonly tables: readonly TableName[];
}

/** A failure BigQuery reports with a reason (`invalidQuery`, `notFound`...). */
export class BigQueryFailure extends Error {
  readonly reason: string;
  readonly status: number;
  constructor(reason: string, status: number, message: string) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}

/** DuckDB helpers the rewritten statements call. */
export const DIALECT_MACROS: readonly string[] = [
  'CREATE MACRO bq_timestamp(x) AS CAST(x AS TIMESTAMPTZ)',
  'CREATE MACRO bq_date(x) AS CAST(x AS DATE)',
];

/**
 * GoogleSQL's functions the server runs (DuckDB has most of them under the same name, the rest
 * are rewritten below); any other name before a "(" is refused as BigQuery refuses a function it
 * does not have, so a DuckDB-only function (strlen, epoch_us, list_value...) cannot slip
 * through the server and fail on BigQuery.
 */
const FUNCTIONS = new Set([
  'ABS',
  'ANY_VALUE',
  'ARRAY_AGG',
  'AVG',
  'CAST',
  'COALESCE',
  'CONCAT',
  'COUNT',
  'COUNTIF',
  'CURRENT_DATE',
  'CURRENT_TIMESTAMP',
  'DATE',
  'DATE_DIFF',
  'DATETIME',
  'EXTRACT',
  'GREATEST',
  'IF',
  'IFNULL',
  'LEAST',
  'LENGTH',
  'LOWER',
  'MAX',
  'MIN',
  'RANK',
  'ROUND',
  'ROW_NUMBER',
  'SAFE_CAST',
  'STRING_AGG',
  'SUBSTR',
  'SUM',
  'TIMESTAMP',
  'TRIM',
  'UPPER',
]);
/** Words a "(" follows that are not functions. */
const KEYWORDS = new Set([
  'AND',
  'AS',
  'BY',
  'EXCEPT',
  'EXISTS',
  'FROM',
  'IN',
  'INSERT',
  'JOIN',
  'NOT',
  'ON',
  'OR',
  'OVER',
  'SELECT',
  'THEN',
  'UNNEST',
  'USING',
  'VALUES',
  'WHEN',
  'WHERE',
  'WITH',
]);

function refuseUnknownFunctions(googleSql: string): void {
  // names inside quotes and backquotes are data and paths, not calls
  const code = googleSql.replace(/'(?:\\.|[^'\\])*'|`[^`]*`/g, "''");
  for (const match of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    const name = (match[1] ?? '').toUpperCase();
    if (!FUNCTIONS.has(name) && !KEYWORDS.has(name))
      throw new BigQueryFailure('invalidQuery', 400, `Function not found: ${match[1] ?? ''}`);
  }
}

export function toDuckDb(googleSql: string, projectId: string): Translated {
  refuseUnknownFunctions(googleSql);
  const tables: TableName[] = [];
  const sql = googleSql
    .replaceAll("\\'", "''")
    .replace(/`([^`]+)`/g, (_, inner: string) => {
      const parts = inner.split('.');
      if (parts.length === 1) return `"${parts[0] ?? ''}"`;
      const [datasetId = '', tableId = ''] = parts.slice(-2);
      if (parts.length === 3 && parts[0] !== projectId)
        throw new BigQueryFailure('notFound', 404, `Not found: Project ${parts[0] ?? ''}`);
      if (parts.length > 3) throw new BigQueryFailure('invalidQuery', 400, `Invalid table name: ${inner}`);
      tables.push({ datasetId, tableId });
      return `"${datasetId}"."${tableId}"`;
    })
    .replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, '$$$1')
    .replace(/\*\s+EXCEPT\s*\(/gi, '* EXCLUDE (')
    .replace(/\bSAFE_CAST\s*\(([^()]*?)\s+AS\s+TIMESTAMP\s*\)/g, 'TRY_CAST($1 AS TIMESTAMPTZ)')
    .replace(/\bSAFE_CAST\s*\(/g, 'TRY_CAST(')
    .replace(/\bTIMESTAMP\s*\(/g, 'bq_timestamp(')
    .replace(/\bDATE\s*\(/g, 'bq_date(');
  const first = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  if (first === 'SELECT' || first === 'WITH') return { sql, kind: 'query', tables };
  if (first === 'MERGE' || first === 'DELETE' || first === 'INSERT' || first === 'UPDATE')
    return { sql, kind: 'dml', tables };
  throw new BigQueryFailure(
    'invalidQuery',
    400,
    `Syntax error: the test server does not run "${first}" statements`,
  );
}
