import type { Horizon } from '../horizon.js';
import { flaggedRows, type TargetReport } from './quality-report.js';
import type { QualitySettings, RowTrimRule } from './quality-settings.js';
import { checkLevels, type RowVerdicts } from './row-rules.js';
import { labelError, measureTargetLead, targetAsPrice, type TargetKind } from './target-lead.js';

/** What the night may learn from a table's target. */
export interface TargetTrust {
  /** Rows between a row and the row its target is the price of (measured when the table brings its own). */
  readonly lead: number;
  readonly kind: TargetKind;
  /** The target in price units, NaN where unknown. */
  readonly target: Float64Array;
  /** 1 where the target is known and trusted: the row and the row it looks ahead to are both trusted. */
  readonly trusted: Uint8Array;
  /** Rows whose target is null although the row it looks ahead to is there and trusted. */
  readonly nulls: number;
  readonly report: TargetReport | null;
}

const EQUAL = 1e-6;

/**
 * Measures the target against the price (the lead it really has, and whether it is a price or a
 * return), then decides which rows' targets can be trusted: the row and the row `lead` later
 * must both be trusted, that later row must be in the table (a target known beyond the table's
 * last row was not made from it), and an exactly measured target must agree with the price it
 * names. A lead other than the horizon's periods is reported, and the night trains and dates
 * forecasts with the real one.
 */
export function trustTargets(
  verdicts: RowVerdicts,
  input: {
    readonly horizon: Horizon;
    readonly nominal: number;
    readonly priceName: string;
    readonly targetName: string;
    readonly price: Float64Array;
    readonly rawTarget: Float64Array;
  },
  settings: QualitySettings,
): TargetTrust {
  const { price, rawTarget, nominal, priceName, targetName } = input;
  const against = `against ${priceName}`;
  const n = price.length;
  const measured = measureTargetLead(price, rawTarget, verdicts.usable(), settings.maxTargetLead);
  const lead = measured?.lead ?? nominal;
  const kind = measured?.kind ?? 'price';
  const target = targetAsPrice(kind, price, rawTarget);
  if (measured !== undefined && (measured.lead !== nominal || measured.kind !== 'price' || !measured.exact)) {
    const what = measured.kind === 'return' ? 'a return (future / current - 1), not a price,' : 'the price';
    const how = measured.exact
      ? `exactly on ${(measured.exactShare * 100).toFixed(1)}% of ${measured.pairs} rows`
      : `on no row exactly; the closest lead has a median error of ${measured.medianError.toPrecision(2)}`;
    verdicts.note(
      'target_lead',
      targetName,
      `${targetName} is ${what} ${measured.lead} rows after the row (measured ${against}: ${how}), where ${input.horizon} is ${nominal} periods: the night trains on it and dates its forecasts ${measured.lead} rows ahead`,
      measured.lead,
      nominal,
    );
  }
  const removedAhead = new Map<RowTrimRule, number[]>();
  const beyond: number[] = [];
  const disagree: number[] = [];
  const trusted = new Uint8Array(n);
  let nulls = 0;
  for (let i = 0; i < n; i += 1) {
    if (verdicts.removed[i] === 1) continue;
    const known = Number.isFinite(rawTarget[i] ?? Number.NaN);
    if (i + lead >= n) {
      if (known) beyond.push(i);
      continue;
    }
    if (verdicts.removed[i + lead] === 1) {
      const rule = verdicts.removedBy[i + lead];
      if (known && rule !== undefined) removedAhead.set(rule, [...(removedAhead.get(rule) ?? []), i]);
      continue;
    }
    if (!known) {
      nulls += 1;
      continue;
    }
    if (measured?.exact === true && labelError(kind, price, rawTarget, i, lead) > EQUAL) {
      disagree.push(i);
      continue;
    }
    trusted[i] = 1;
  }
  for (const [rule, rows] of removedAhead) {
    const finding = verdicts.findings.find((f) => f.rule === rule && f.targetRows === undefined);
    if (finding !== undefined) {
      verdicts.findings[verdicts.findings.indexOf(finding)] = {
        ...finding,
        targetRows: flaggedRows(rows, verdicts.dates),
      };
    }
  }
  const parts = [
    beyond.length > 0
      ? `known on ${beyond.length} rows whose target row (${lead} later) lies beyond the table's last row`
      : '',
    disagree.length > 0 ? `not the price ${lead} rows later on ${disagree.length} rows` : '',
  ].filter((p) => p !== '');
  const severity = verdicts.flag(
    'target_lead',
    targetName,
    [...beyond, ...disagree].sort((a, b) => a - b),
    `${targetName} is ${parts.join(', and ')}: such a target was not made from this table's prices`,
    { targets: true },
  );
  // a warning keeps the disagreeing targets; a target beyond the last row is never usable
  if (severity === 'warning' || severity === 'off') for (const row of disagree) trusted[row] = 1;
  const flagged = checkLevels(verdicts, { name: targetName, values: target }, settings, {
    targets: true,
    usable: trusted,
  });
  for (const row of flagged) trusted[row] = 0;
  return {
    lead,
    kind,
    target,
    trusted,
    nulls,
    report:
      measured === undefined
        ? null
        : {
            column: targetName,
            kind: measured.kind,
            lead: measured.lead,
            nominal,
            exact: measured.exact,
            exact_share: measured.exactShare,
            median_error: measured.medianError,
          },
  };
}
