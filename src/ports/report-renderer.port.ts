import type { ServiceIdentifier } from 'inversify';
import type { ReportModel } from '../domain/report/report-model.js';

/** Draws the report for people. */
export interface ReportRenderer {
  /**
   * One self-contained HTML page: charts as inline SVG, styles inline, no script and nothing
   * fetched, so it opens from disk on a laptop or a phone. Every chart has a title, a text
   * alternative and its data as a table.
   */
  render(report: ReportModel): Promise<string>;
}

export const REPORT_RENDERER: ServiceIdentifier<ReportRenderer> = Symbol.for('cbi.ReportRenderer');
