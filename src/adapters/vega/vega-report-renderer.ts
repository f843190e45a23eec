import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReportChart, ReportModel } from '../../domain/report/report-model.js';
import type { ReportRenderer } from '../../ports/report-renderer.port.js';
import { chartSpec, type ChartSize } from './vega-chart-specs.js';
import { figure, reportPage } from './report-page.js';

/** The report drawn with Vega-Lite, rendered to SVG here (no browser, no script in the page). */
export class VegaReportRenderer implements ReportRenderer {
  async render(report: ReportModel): Promise<string> {
    const figures = new Map<string, string>();
    for (const chart of report.charts)
      figures.set(
        chart.id,
        figure(
          chart,
          chart.points.length === 0
            ? null
            : { wide: await svgOf(chart, 'wide'), narrow: await svgOf(chart, 'narrow') },
        ),
      );
    return reportPage(report, figures);
  }
}

async function svgOf(chart: ReportChart, size: ChartSize): Promise<string> {
  // vega-lite's spec types are wider than what a chart builds; the spec is checked by compile
  const spec = chartSpec(chart, size) as unknown as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
