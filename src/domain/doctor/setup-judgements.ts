import type { CheckResult } from './doctor-report.js';

/** The oldest Node major cbi-autopilot supports. */
export const MIN_NODE_MAJOR = 22;

/** Node and the product's version: Node must be 22 or newer. */
export function judgeRuntime(facts: { readonly node: string; readonly product: string }): CheckResult {
  const major = Number(/^v?(\d+)/.exec(facts.node)?.[1] ?? NaN);
  const detail = `Node ${facts.node.replace(/^v/, '')}, cbi-autopilot ${facts.product}`;
  if (Number.isFinite(major) && major >= MIN_NODE_MAJOR) return { id: 'runtime', status: 'ok', detail };
  return {
    id: 'runtime',
    status: 'fail',
    detail: `${detail}: Node ${MIN_NODE_MAJOR} or newer is needed`,
    fix: "run cbi through bin/cbi (it uses the project's own Node from npm) or set CBI_NODE to a newer node",
  };
}

/** A booster library that loaded: what and where it is. */
export interface LoadedBooster {
  readonly library: string;
  readonly version: string;
  readonly path: string;
  readonly origin: string;
  /** The supported range in words; a library that loaded is inside it. */
  readonly supported: string;
}

/** One configured booster library: what it is when it loaded, else why not (and how to get one). */
export type BoosterFact =
  LoadedBooster | { readonly library: string; readonly error: string; readonly hint?: string | undefined };

/** Both booster libraries load, in a supported version (the night trains nothing without them). */
export function judgeBoosters(facts: readonly BoosterFact[]): CheckResult {
  const failed = facts.filter((f) => 'error' in f);
  const loaded = facts.filter((f): f is LoadedBooster => 'version' in f);
  const detail = loaded
    .map((f) => `${f.library} ${f.version} (${f.path}, ${f.origin}; supported: ${f.supported})`)
    .join(', ');
  if (failed.length === 0) return { id: 'boosters', status: 'ok', detail: detail || 'no library configured' };
  const hint = failed.map((f) => f.hint).find((h) => h !== undefined);
  return {
    id: 'boosters',
    status: 'fail',
    detail: [detail, ...failed.map((f) => `${f.library}: ${f.error}`)].filter((s) => s !== '').join('; '),
    fix:
      hint ?? 'npm run provision (or set training.lightgbmLib / training.xgboostLib, README "Configuration")',
  };
}

/** What opening the warehouse gave. */
export type WarehouseFact =
  | { readonly kind: 'answered'; readonly what: string }
  | { readonly kind: 'not_created'; readonly path: string }
  | { readonly kind: 'busy'; readonly runId: string }
  | {
      readonly kind: 'failed';
      readonly what: string;
      readonly error: string;
      readonly hint?: string | undefined;
    };

/** The warehouse answers (DuckDB opens; BigQuery answers a query). */
export function judgeWarehouse(fact: WarehouseFact): CheckResult {
  switch (fact.kind) {
    case 'answered':
      return { id: 'warehouse', status: 'ok', detail: `${fact.what} answers` };
    case 'not_created':
      return {
        id: 'warehouse',
        status: 'warn',
        detail: `no warehouse yet at ${fact.path}`,
        fix: 'the first run creates it: npm run nightly (or cbi run)',
      };
    case 'busy':
      return {
        id: 'warehouse',
        status: 'skip',
        detail: `run ${fact.runId} is using it now (DuckDB lets one process write)`,
      };
    case 'failed':
      return {
        id: 'warehouse',
        status: 'fail',
        detail: `${fact.what}: ${fact.error}`,
        fix: fact.hint ?? 'check the warehouse section of the config (README, "Configuration")',
      };
  }
}

/** A configured alert channel: its kind and the alert kinds it gets (its `on` list). */
export interface AlertChannelFact {
  readonly kind: string;
  readonly on: readonly string[];
}

/** The configured channels, and the outcome of a test alert when one was sent. */
export interface AlertFacts {
  readonly channels: readonly AlertChannelFact[];
  /** Channel name -> undefined (delivered) or the error; absent when no test was asked for. */
  readonly test?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Somebody hears of a failure: a channel beyond the log is configured, one of them gets the
 * incidents (its `on` list holds incident_opened), and a test alert went through when one was
 * sent. A night that repaired itself (`repaired`) that no such channel gets is said in the detail.
 */
export function judgeAlerts(facts: AlertFacts): CheckResult {
  const names = facts.channels.map((c) => c.kind);
  const outward = facts.channels.filter((c) => c.kind !== 'log');
  if (facts.test !== undefined) {
    const failed = Object.entries(facts.test).filter(([, error]) => error !== undefined);
    if (failed.length > 0)
      return {
        id: 'alerts',
        status: 'fail',
        detail: `test alert not delivered by ${failed.map(([c, e]) => `${c} (${e ?? ''})`).join(', ')}`,
        fix: 'fix that channel in the alert section of the config (docs/watchdog.md, "Alerts")',
      };
  }
  if (outward.length === 0)
    return {
      id: 'alerts',
      status: 'warn',
      detail: 'only the log channel: nobody is told when the nights fail',
      fix: 'add an smtp, webhook, healthchecks or desktop channel (docs/watchdog.md, "Alerts"), then cbi doctor --send-test-alert',
    };
  const hearing = (kind: string): boolean => outward.some((c) => c.on.includes(kind));
  if (!hearing('incident_opened'))
    return {
      id: 'alerts',
      status: 'warn',
      detail: `${names.join(', ')}: none but the log gets incident_opened, so nobody is told when a night is missed or fails`,
      fix: 'add incident_opened (and incident_reminder, recovered) to the `on` list of a channel to a person (docs/watchdog.md, "Alerts")',
    };
  const sent = facts.test === undefined ? '' : '; test alert delivered';
  const repairs = hearing('repaired')
    ? ''
    : '; none but the log gets repaired (a night that set a broken file aside): add it to an `on` list to hear of it';
  return { id: 'alerts', status: 'ok', detail: `${names.join(', ')}${sent}${repairs}` };
}
