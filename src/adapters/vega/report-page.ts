import { modelName, when } from '../../domain/report/build-report.js';
import type { RunState } from '../../domain/night/run.js';
import { skillTestFigures } from '../../domain/model/horizon-forecast.js';
import type {
  NightAttention,
  ReportChart,
  ReportForecast,
  ReportModel,
} from '../../domain/report/report-model.js';

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

// Dark text on light everywhere; what needs attention is marked by a border and a word, not by
// coloured text (Okabe-Ito vermillion on white is too faint for text).
const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --rule: #d0d0d0; --bad: #D55E00; --good: #009E73; --note: #E69F00; --paper: #fff; --tint: #f6f6f4; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
main { max-width: 1180px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 0; }
p { margin: 4px 0; }
.muted { color: var(--muted); font-size: 0.9rem; }
ul.attention { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
ul.attention > li { background: var(--tint); border-left: 6px solid var(--rule); padding: 8px 12px; overflow-wrap: anywhere; }
ul.attention > li.bad { border-left-color: var(--bad); }
ul.attention > li.note { border-left-color: var(--note); }
ul.attention > li.good { border-left-color: var(--good); }
ul.attention ul { margin: 4px 0 0; padding-left: 18px; }
.tag { font-weight: 700; margin-right: 6px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--rule); white-space: nowrap; }
table.forecasts { width: 100%; }
table.forecasts td { white-space: normal; }
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
function skillTest(test: ReportForecast['skillTest']): string {
  if (test === null) return '–';
  const { statistic, p } = skillTestFigures(test);
  return `DM ${statistic}, p ${p}; ${test.forecasts} forecasts, ${test.independentForecasts.toFixed(1)} independent${test.suspectedLeakage ? '; suspected leakage' : ''}`;
}

function price(value: number | null, unit: string | null): string {
  return value === null ? '–' : `${number(value)}${unit === null ? '' : ` ${escapeHtml(unit)}`}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The champion's walk-forward error next to naive's, with how many folds it rests on. */
function evidence(f: ReportForecast): string {
  const wf = f.walkForward;
  if (wf === null) return 'no walk-forward evaluation recorded';
  return `walk-forward MAPE ${number(wf.mape)} % against naive ${number(wf.naiveMape)} % over ${plural(wf.count, 'fold')}`;
}

function publishedBy(f: ReportForecast): string {
  return f.published === 'naive'
    ? 'the naive forecast (no change)'
    : escapeHtml(`${modelName(f.model)} ${f.version ?? ''}`.trim());
}

/** The published forecast's prediction interval at its level, and how often matured ones held the outcome. */
function band(f: ReportForecast, unit: string | null): string {
  if (f.interval === null) return '–';
  const held =
    f.intervalCoverage === null
      ? 'none matured yet'
      : `${f.intervalCoverage.covered} of ${f.intervalCoverage.matured} matured held the outcome`;
  return `${Math.round(f.interval.level * 100)} %: ${price(f.interval.low, unit)} to ${price(f.interval.high, unit)} (${held})`;
}

function forecastRows(forecasts: readonly ReportForecast[], unit: string | null): string {
  return forecasts
    .map((f) => {
      const change =
        f.predictedReturn === null
          ? '–'
          : `${f.predictedReturn >= 0 ? '+' : ''}${(f.predictedReturn * 100).toFixed(1)} %`;
      const matured =
        f.matured === null || f.matured.count === 0
          ? 'none yet'
          : `${number(f.matured.mape)} % vs naive ${number(f.matured.naiveMape)} % (${f.matured.count})`;
      const skill = f.skill === 'skill' ? 'yes' : f.skill === 'no_skill' ? 'no' : 'unknown';
      const cells: [string, string][] = [
        ['forecast', price(f.predictedPrice, unit)],
        ['change', change],
        ['from', `${price(f.currentPrice, unit)} on ${f.asOfDate}`],
        ['for', f.targetDate ?? '–'],
        ['published', publishedBy(f)],
        [
          'walk-forward MAPE vs naive',
          f.walkForward === null
            ? '–'
            : `${number(f.walkForward.mape)} % vs ${number(f.walkForward.naiveMape)} % (${f.walkForward.count} folds)`,
        ],
        ['matured vs naive', matured],
        ['skill', skill],
        ['skill test', skillTest(f.skillTest)],
        ['band', band(f, unit)],
      ];
      return `<tr data-horizon="${f.horizon}"><th scope="row">Horizon ${f.horizon}</th>${cells.map(([label, value]) => `<td data-label="${label}">${value}</td>`).join('')}</tr>`;
    })
    .join('\n');
}

function isoTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text);
}

function dataTable(chart: ReportChart): string {
  const head = chart.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = chart.points
    .map((p) => {
      const cells = chart.columns.map((c) => {
        const value = String(p[c.key] ?? '');
        return `<td>${escapeHtml(isoTime(value) ? when(value) : value)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<details><summary>The data (${plural(chart.points.length, 'point')})</summary><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></details>`;
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

/** A last run older than this (hours) means nights are being missed. */
const MISSED_HOURS = 36;

function item(kind: 'bad' | 'note' | 'good' | 'plain', tag: string, body: string, id: string): string {
  return `<li class="${kind}" id="${id}"><span class="tag">${escapeHtml(tag)}</span>${body}</li>`;
}

/** The last run, how long ago it started, and its error and what to do about it. */
function lastRunItem(report: ReportModel): string {
  const last = report.lastRun;
  if (last === null) return item('note', 'No run yet.', 'No run has ended in this home.', 'attention-run');
  const hours = report.lastRunAgeHours;
  const age =
    hours === null
      ? ''
      : `, ${hours < 48 ? `${hours.toFixed(1)} hours` : `${Math.floor(hours / 24)} days`} before this report`;
  const failure = [
    last.failed_stage === null ? '' : ` at ${escapeHtml(last.failed_stage)}`,
    // a degraded night's error is its delivery summary: the items below say it per horizon
    last.error === null || last.state === 'degraded' ? '' : `: ${escapeHtml(last.error)}`,
    last.hint === null ? '' : ` <span class="muted">(${escapeHtml(last.hint)})</span>`,
  ].join('');
  // the run's own state, as the record says it; past a day and a half without a run, nights are missed
  const missed = hours !== null && hours > MISSED_HOURS;
  const kind =
    missed || (last.state !== 'success' && last.state !== 'partial')
      ? 'bad'
      : last.state === 'partial'
        ? 'note'
        : 'good';
  return item(
    kind,
    `Last run: ${last.state}.`,
    `Run ${escapeHtml(last.run_id)}${failure} (started ${escapeHtml(when(last.started_at))}${age}).${missed ? ' <b>No run since: nights are being missed.</b>' : ''}`,
    'attention-run',
  );
}

/**
 * Per horizon in a few words what it delivered, and what was trained: the reasons follow in the
 * list of horizons not forecast, so they are not said twice.
 */
function deliveryBody(verdict: NonNullable<NightAttention['verdict']>): string {
  const words: Record<(typeof verdict.horizons)[number]['delivered'], string> = {
    skilled: 'forecast by a model with skill',
    naive: 'the naive forecast',
    stale: 'forecast from data past the age limit (stale)',
    not_published: 'not forecast',
  };
  const each = verdict.horizons.map((h) => {
    const age = h.data_age_days === null ? '' : `, data ${plural(h.data_age_days, 'day')} old`;
    return `${h.horizon}: ${words[h.delivered]}${age}`;
  });
  const trained = verdict.horizons.filter((h) => h.trained.length > 0).map((h) => h.horizon);
  const training = trained.length === 0 ? 'nothing was trained' : `trained ${trained.join(', ')}`;
  return `${escapeHtml(each.join('; '))}; ${training} tonight <span class="muted">(data age counted on ${escapeHtml(verdict.judged_on)})</span>`;
}

/**
 * What the last night delivered, as its record judged it: the verdict `degraded` rests on. Only a
 * degraded night is called so; a night that failed or ended partial falls short for that reason,
 * and its delivery is told as a count.
 */
function deliveryItem(attention: NightAttention, state: RunState | undefined): string {
  const verdict = attention.verdict;
  if (verdict === null) return '';
  const expected = `${verdict.expected} expected current forecast${verdict.expected === 1 ? '' : 's'}`;
  return item(
    verdict.met ? 'good' : 'bad',
    verdict.met
      ? `Delivered ${verdict.current} current forecast${verdict.current === 1 ? '' : 's'}.`
      : state === 'degraded'
        ? `Degraded: ${verdict.current} of ${expected}.`
        : `Delivered ${verdict.current} of ${expected}.`,
    deliveryBody(verdict),
    'attention-delivery',
  );
}

/** The horizons the last run did not forecast, out of the ones it ran. */
function notForecastItem(attention: NightAttention, ran: number): string {
  const missing = attention.notForecast;
  if (missing.length === 0) return '';
  const of = Math.max(ran, missing.length);
  return item(
    'bad',
    `${missing.length} of ${plural(of, 'horizon')} not forecast.`,
    `<ul>${missing.map((m) => `<li><b>${m.horizon}</b>: ${escapeHtml(m.reason)}</li>`).join('')}</ul>`,
    'attention-not-forecast',
  );
}

/** Broken files the last run set aside and went on without: a person should know the machine repaired itself. */
function setAsideItem(attention: NightAttention): string {
  const files = attention.setAside;
  if (files.length === 0) return '';
  return item(
    'note',
    `Repaired: ${plural(files.length, 'broken file')} set aside.`,
    `<ul>${files.map((f) => `<li><b>${escapeHtml(f.what)}</b>: ${escapeHtml(f.why)}; kept at ${escapeHtml(f.movedTo)}, never read again.</li>`).join('')}</ul>`,
    'attention-set-aside',
  );
}

function dataAgeItem(attention: NightAttention): string {
  const ages = attention.dataAge;
  if (ages.length === 0) return '';
  const oldest = Math.max(...ages.map((a) => a.days));
  const byRow = new Map<string, string[]>();
  for (const a of ages)
    byRow.set(`${a.newestRow}|${a.days}`, [...(byRow.get(`${a.newestRow}|${a.days}`) ?? []), a.horizon]);
  const rows = [...byRow.entries()].map(([key, horizons]) => {
    const [row = '', days = ''] = key.split('|');
    return `${horizons.join(', ')}: newest row ${row}, ${plural(Number(days), 'day')} old`;
  });
  const trusted = ages
    .filter((a) => a.newestTrusted !== null && a.newestTrusted !== a.newestRow)
    .map((a) => `${a.horizon} ${a.newestTrusted ?? ''}`);
  return item(
    'plain',
    `Data: ${plural(oldest, 'day')} old at most.`,
    `Counted from this report. ${escapeHtml(rows.join('; '))}.${trusted.length === 0 ? '' : ` <span class="muted">Newest rows the quality gate trusts: ${escapeHtml(trusted.join(', '))}.</span>`}`,
    'attention-data-age',
  );
}

function incidentItem(attention: NightAttention): string {
  return attention.incidentSince === null
    ? item('good', 'No incident open.', '', 'attention-incident')
    : item(
        'bad',
        'Incident open',
        `since ${escapeHtml(when(attention.incidentSince))}: the watchdog has alerted.`,
        'attention-incident',
      );
}

function skillItem(forecasts: readonly ReportForecast[]): string {
  if (forecasts.length === 0) return '';
  const lines = forecasts.map((f) => {
    const what =
      f.published === 'naive'
        ? `the naive forecast (no change) was published${f.publishedBecause === null ? '' : `: ${escapeHtml(f.publishedBecause)}`}`
        : `${publishedBy(f)} ${f.skill === 'skill' ? 'beats naive' : f.skill === 'no_skill' ? 'does not beat naive' : 'has no skill on record'}`;
    return `<li><b>${f.horizon}</b>: ${what}; ${evidence(f)}.</li>`;
  });
  const skilled = forecasts.filter((f) => f.skill === 'skill').length;
  return item(
    skilled === forecasts.length ? 'good' : 'note',
    `Skill: ${skilled} of ${plural(forecasts.length, 'published forecast')}.`,
    `<ul>${lines.join('')}</ul>`,
    'attention-skill',
  );
}

/** The first screen: what needs attention, each with its evidence, then the forecasts. */
function firstScreen(report: ReportModel): string {
  const { attention, forecasts, priceUnit } = report;
  const list = [
    lastRunItem(report),
    deliveryItem(attention, report.lastRun?.state),
    notForecastItem(attention, report.lastRun?.horizons.length ?? 0),
    setAsideItem(attention),
    incidentItem(attention),
    dataAgeItem(attention),
    skillItem(forecasts),
  ].filter((html) => html !== '');
  const table =
    forecasts.length === 0
      ? '<p>No forecast has been published yet.</p>'
      : `<p class="muted" id="forecasts-note">The newest published forecast per horizon${priceUnit === null ? '' : `, prices in ${escapeHtml(priceUnit)}`}. MAPE: mean absolute percentage error, lower is better; skill: beats the naive forecast (no change) on walk-forward error.</p>
<div class="scroll"><table class="forecasts" aria-describedby="forecasts-note">
<thead><tr><th scope="col">horizon</th><th scope="col">forecast</th><th scope="col">change</th><th scope="col">from</th><th scope="col">for</th><th scope="col">published</th><th scope="col">walk-forward MAPE vs naive</th><th scope="col">matured vs naive</th><th scope="col">skill</th><th scope="col">skill test</th><th scope="col">band</th></tr></thead>
<tbody>
${forecastRows(forecasts, priceUnit)}
</tbody></table></div>`;
  return `<section aria-labelledby="attention"><h2 id="attention">What needs attention</h2>
<ul class="attention">
${list.join('\n')}
</ul>
</section>
<section aria-labelledby="forecasts"><h2 id="forecasts">What it forecast</h2>
${table}
</section>`;
}

/** The whole page: what needs attention and the forecasts, the charts per horizon, then how the nights went. */
export function reportPage(report: ReportModel, figures: ReadonlyMap<string, string>): string {
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
<p class="muted">Made ${escapeHtml(when(report.generatedAt))} · ${plural(report.nights, 'run')} in the 90 days up to the last one, ${report.failedNights} failed</p>
</header>
${firstScreen(report)}
${horizonSections}
<section aria-labelledby="nights"><h2 id="nights">The nights</h2><div class="charts">${nights.join('\n')}</div></section>
</main>
</body>
</html>
`;
}
