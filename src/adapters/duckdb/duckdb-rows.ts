import type { IngestRecord } from '../../domain/data/series.js';
import { numberIn, optionalTextIn, textIn, type WarehouseRow } from '../../domain/data/warehouse-rows.js';

export function ingestRecordFromRow(row: WarehouseRow): IngestRecord {
  const frequency = textIn(row, 'frequency');
  return {
    seriesId: textIn(row, 'series_id'),
    source: textIn(row, 'source'),
    rows: numberIn(row, 'rows'),
    nonEmpty: numberIn(row, 'non_empty'),
    firstDate: optionalTextIn(row, 'first_date'),
    lastDate: optionalTextIn(row, 'last_date'),
    fileHash: textIn(row, 'file_hash'),
    frequency: frequency === 'daily' ? 'daily' : 'monthly',
    ingestedAt: textIn(row, 'ingested_at'),
  };
}
