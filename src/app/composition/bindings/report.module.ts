import { ContainerModule } from 'inversify';
import { REPORT_RENDERER, type ReportRenderer } from '../../../ports/report-renderer.port.js';
import type { Config } from '../../config/config-schema.js';

/** REPORT_RENDERER: Vega-Lite to SVG, loaded only when a report is made. Resolve with getAsync. */
export function reportModule(_config: Config): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(REPORT_RENDERER)
      .toResolvedValue(async (): Promise<ReportRenderer> => {
        const { VegaReportRenderer } = await import('../../../adapters/vega/vega-report-renderer.js');
        return new VegaReportRenderer();
      })
      .inSingletonScope();
  });
}
