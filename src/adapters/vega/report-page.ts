import type { HorizonForecast } from '../../domain/model/horizon-forecast.js';
import type { ReportChart, ReportModel } from '../../domain/report/report-model.js';

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Nothing may be fetched: the page opens from disk, offline, and says so to the browser.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ddd; --bad: #D55E00; --good: #009E73; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 0; }
p { margin: 4px 0; }
.muted { color: var(--muted); font-size: 0.9rem; }
.verdict { font-weight: 600; }
.verdict.bad, .skill-no { color: var(--bad); }
.verdict.good, .skill-yes { color: var(--good); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--rule); white-space: nowrap; }
table.forecasts td[data-label="model"] { white-space: normal; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 480px), 1fr)); gap: 20px; }
figure.chart { margin: 0; min-width: 0; }
figure.chart .alt { color: var(--muted); font-size: 0.9rem; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart .narrow { display: none; }
@media (max-width: 600px) {
  main { padding: 10px; }
  figure.chart .wide { display: none; }
  figure.chart .narrow { display: block; }
  table.forecasts thead { display: none; }
  table.forecasts tr { display: block; border-bottom: 1px solid var(--rule); padding: 6px 0; }
  table.forecasts th, table.forecasts td { display: block; border: 0; padding: 1px 0; white-space: normal; }
  table.forecasts td::before { content: attr(data-label) ": "; color: var(--muted); }
}
details { margin-top: 4px; font-size: 0.9rem; }
summary { cursor: pointer; color: var(--muted); }
`;

function number(value: number | null, digits = 2): string {
  return value === null
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The Diebold-Mariano test behind the skill verdict, in one cell. */
function skillTest(test: HorizonForecast['skillTest']): string {
  if (test === null) return '–';
  const p =
    test.pValue === null
      ? 'n/a'
      : test.pValue < 0.001
        ? test.pValue.toExponential(1)
        : test.pValue.toFixed(3);
  const statistic = test.statistic === null ? 'n/a' : test.statistic.toFixed(2);
  return `DM ${statistic}, p ${p}; ${test.forecasts} forecasts, ${test.independentForecasts.toFixed(1)} independent${test.suspectedLeakage ? '; suspected leakage' : ''}`;
}

function forecastRows(forecasts: readonly HorizonForecast[]): string {
  return forecasts
    .map((f) => {
      const change =
        f.predictedReturn === null
          ? '–'
          : `${f.predictedReturn >= 0 ? '+' : ''}${(f.predictedReturn * 100).toFixed(1)} %`;
      const matured =
        f.matured === null || f.matured.count === 0
          ? 'none yet'
          : `${number(f.matured.mape)} % vs ${number(f.matured.naiveMape)} % (${f.matured.count})`;
      const skill = f.skill === 'skill' ? 'yes' : f.skill === 'no_skill' ? 'no' : 'unknown';
      const cells: [string, string][] = [
        ['forecast', number(f.predictedPrice)],
        ['change', change],
        ['as of', f.asOfDate],
        ['for', f.targetDate ?? '–'],
        ['model', escapeHtml(`${f.model ?? '–'} ${f.version ?? ''}`)],
        ['walk-forward MAPE', `${number(f.walkForward?.mape ?? null)} %`],
        ['naive', `${number(f.walkForward?.naiveMape ?? null)} %`],
        ['matured (vs naive)', matured],
        ['skill test', skillTest(f.skillTest)],
      ];
      return `<tr><th scope="row">Horizon ${f.horizon}</th>${cells.map(([label, value]) => `<td data-label="${label}">${value}</td>`).join('')}<td data-label="skill" class="skill-${skill}">${skill}</td></tr>`;
    })
    .join('\n');
}

function dataTable(chart: ReportChart): string {
  const head = chart.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = chart.points
    .map(
      (p) =>
        `<tr>${chart.columns.map((c) => `<td>${escapeHtml(String(p[c.key] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<details><summary>The data (${chart.points.length} points)</summary><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

/** One chart: its title and text alternative, the SVG (labelled by them), its data as a table. */
export function figure(
  chart: ReportChart,
  svg: { readonly wide: string; readonly narrow: string } | null,
): string {
  const id = `chart-${chart.id}`;
  const labelled = (text: string, size: 'wide' | 'narrow'): string =>
    text
      .replace(/^<svg /, `<svg class="${size}" role="img" aria-labelledby="${id}-title ${id}-desc" `)
      .replace(/ width="[\d.]+" height="[\d.]+"/, '')
      .replace(/class="marks" /, '');
  const drawing =
    svg === null
      ? '<p class="muted">Nothing to draw yet.</p>'
      : `${labelled(svg.wide, 'wide')}\n${labelled(svg.narrow, 'narrow')}`;
  return `<figure class="chart" id="${id}" data-kind="${chart.kind}" data-points="${chart.points.length}">
<figcaption><h3 id="${id}-title">${escapeHtml(chart.title)}</h3><p class="alt" id="${id}-desc">${escapeHtml(chart.description)}</p></figcaption>
${drawing}
${dataTable(chart)}
</figure>`;
}

/** How old the last run is; past a day and a half, in the colour of trouble: a night was missed. */
function age(hours: number | null): string {
  if (hours === null) return '';
  const text = hours < 48 ? `${hours.toFixed(1)} hours` : `${Math.floor(hours / 24)} days`;
  return hours > 36
    ? `<p class="verdict bad">The last run started ${text} before this report: nights are being missed.</p>`
    : `<p class="muted">The last run started ${text} before this report.</p>`;
}

/** The whole page: the forecasts first, then the charts per horizon, then how the nights went. */
export function reportPage(report: ReportModel, figures: ReadonlyMap<string, string>): string {
  const last = report.lastRun;
  const verdict =
    last === null
      ? '<p>No run has ended yet.</p>'
      : `<p class="verdict ${last.success ? 'good' : 'bad'}">Last run ${escapeHtml(last.run_id)}: ${last.state}${last.failed_stage === null ? '' : ` at ${escapeHtml(last.failed_stage)}`}${last.error === null ? '' : `: ${escapeHtml(last.error)}`} (started ${escapeHtml(last.started_at)})</p>${age(report.lastRunAgeHours)}`;
  const incident =
    report.incidentSince === null
      ? '<p>No incident open.</p>'
      : `<p class="verdict bad">Incident open since ${escapeHtml(report.incidentSince)}: the watchdog has alerted.</p>`;
  const byHorizon = new Map<string, string[]>();
  const nights: string[] = [];
  for (const chart of report.charts) {
    const html = figures.get(chart.id) ?? '';
    if (chart.horizon === null) nights.push(html);
    else byHorizon.set(chart.horizon, [...(byHorizon.get(chart.horizon) ?? []), html]);
  }
  const horizonSections = [...byHorizon.entries()]
    .map(
      ([h, html]) =>
        `<section aria-labelledby="h-${h}"><h2 id="h-${h}">Horizon ${h}</h2><div class="charts">${html.join('\n')}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>CBI-V14 nightly report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>CBI-V14 soybean oil: nightly report</h1>
<p class="muted">Made ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC · ${report.nights} runs in the 90 days up to the last one, ${report.failedNights} failed</p>
</header>
<section aria-labelledby="forecasts">
<h2 id="forecasts">What it forecast, and can it be trusted</h2>
${verdict}
${incident}
<div class="scroll"><table class="forecasts">
<caption class="muted">The champion's newest forecast per horizon; MAPE in percent, lower is better; skill: beats the naive forecast (no change) on walk-forward error.</caption>
<thead><tr><th scope="col">horizon</th><th scope="col">forecast</th><th scope="col">change</th><th scope="col">as of</th><th scope="col">for</th><th scope="col">model</th><th scope="col">walk-forward MAPE</th><th scope="col">naive</th><th scope="col">matured (vs naive)</th><th scope="col">skill test</th><th scope="col">skill</th></tr></thead>
<tbody>
${forecastRows(report.forecasts)}
</tbody></table></div>
</section>
${horizonSections}
<section aria-labelledby="nights"><h2 id="nights">The nights</h2><div class="charts">${nights.join('\n')}</div></section>
</main>
</body>
</html>
`;
}
