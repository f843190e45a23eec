import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../domain/report/report-model.js';
import type { ReportRenderer } from '../../ports/report-renderer.port.js';
import { contractTitle } from './contract-title.js';

/**
 * What every ReportRenderer must do, given a report made by buildReport from real nights (the
 * subject brings it): a whole page that needs nothing else, one figure per chart carrying its
 * title, text alternative and every data point.
 */
export function reportRendererContract(
  name: string,
  create: () => Promise<{ readonly renderer: ReportRenderer; readonly report: ReportModel }>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('ReportRenderer', name, skip), () => {
    it('draws a self-contained page: no script, nothing fetched, one figure per chart', async () => {
      const { renderer, report } = await create();
      expect(report.charts.length).toBeGreaterThan(0);
      const html = await renderer.render(report);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/<script|<link |<img |src="http|url\(http/i);
      for (const chart of report.charts) {
        const figure = new RegExp(
          `<figure[^>]*id="chart-${chart.id}"[^>]*data-points="${chart.points.length}"`,
        );
        expect(html, chart.id).toMatch(figure);
        expect(html, chart.id).toContain(escapeText(chart.title));
        expect(html, chart.id).toContain(escapeText(chart.description));
      }
    });
  });
}

function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
