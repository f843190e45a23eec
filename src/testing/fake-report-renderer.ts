import type { ReportModel } from '../domain/report/report-model.js';
import type { ReportRenderer } from '../ports/report-renderer.port.js';

/** A renderer that draws no chart: each becomes a figure with its title, text and data points. Remembers what it drew. */
export class FakeReportRenderer implements ReportRenderer {
  readonly rendered: ReportModel[] = [];

  async render(report: ReportModel): Promise<string> {
    this.rendered.push(report);
    const text = (t: string): string =>
      t
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    const figures = report.charts.map(
      (c) =>
        `<figure id="chart-${c.id}" data-points="${c.points.length}"><figcaption>${text(c.title)}<p>${text(c.description)}</p></figcaption></figure>`,
    );
    return Promise.resolve(`<!doctype html>\n<html><body>${figures.join('\n')}</body></html>\n`);
  }
}
