import { HORIZONS, type Horizon } from '../horizon.js';

/**
 * The stage table: every kind of stage of a nightly run, in the order they run, with whether a
 * failure fails the run and whether it runs once per horizon. It is the only place the stages are
 * spelled out: the plan, the stage bodies (a Record by kind), the report's groups and the chart's
 * colours derive from it, so the compiler names every place a new stage needs. Adding a stage is
 * a row here, its body in src/app/night/stages/ and its test.
 */
export const STAGE_TABLE = [
  { kind: 'export', critical: true, perHorizon: false, sideBySide: false },
  { kind: 'quality', critical: true, perHorizon: false, sideBySide: false },
  // one per horizon, none critical: the run fails when fewer than `minHorizons` train; the
  // horizons train side by side, sharing the thread budget (docs/boosters.md, "The thread budget")
  { kind: 'train', critical: false, perHorizon: true, sideBySide: true },
  { kind: 'predict', critical: true, perHorizon: false, sideBySide: false },
  { kind: 'upload', critical: true, perHorizon: false, sideBySide: false },
  { kind: 'evaluate', critical: false, perHorizon: false, sideBySide: false },
] as const satisfies readonly StageSpec[];

interface StageSpec {
  readonly kind: string;
  readonly critical: boolean;
  readonly perHorizon: boolean;
  /** A per-horizon kind whose stages of different horizons may run at the same time. */
  readonly sideBySide: boolean;
}

/** The kinds of stage of a nightly run. */
export type StageKind = (typeof STAGE_TABLE)[number]['kind'];

/** Every kind, in the order they run. */
export const STAGE_KINDS: readonly StageKind[] = STAGE_TABLE.map((s) => s.kind);

/** One stage of the plan. Per-horizon stages carry their horizon and are named `<kind>_<h>`. */
export interface PlannedStage {
  readonly name: string;
  readonly kind: StageKind;
  readonly critical: boolean;
  readonly horizon: Horizon | null;
}

export interface NightlyPlan {
  readonly stages: readonly PlannedStage[];
  /** The run fails when fewer train stages than this succeed. */
  readonly minHorizons: number;
  /** The stages of a side-by-side kind (train) run at the same time; false: one after another. */
  readonly sideBySide: boolean;
}

export interface PlanOptions {
  readonly horizons: readonly Horizon[];
  readonly minHorizons: number;
  /** Default false: every stage alone. */
  readonly sideBySide?: boolean;
}

/** Whether the stages of this kind may run side by side (one per horizon). */
export function runsSideBySide(kind: StageKind): boolean {
  return STAGE_TABLE.some((s) => s.kind === kind && s.sideBySide);
}

/** A stage's name in the run record: its kind, with `_<h>` for a per-horizon stage (`train_1m`). */
export function stageName(kind: StageKind, horizon: Horizon | null): string {
  return horizon === null ? kind : `${kind}_${horizon}`;
}

/** The kind of a recorded stage name, or undefined for a name no stage of the table has. */
export function stageKindOf(name: string): StageKind | undefined {
  return STAGE_TABLE.find((s) =>
    s.perHorizon ? HORIZONS.some((h) => stageName(s.kind, h) === name) : s.kind === name,
  )?.kind;
}

/** DESIGN.md's stage table: export, quality, one train per horizon, predict, upload, evaluate. */
export function buildNightlyPlan(options: PlanOptions): NightlyPlan {
  return {
    minHorizons: Math.min(options.minHorizons, options.horizons.length),
    sideBySide: options.sideBySide ?? false,
    stages: STAGE_TABLE.flatMap(({ kind, critical, perHorizon }) =>
      (perHorizon ? options.horizons : [null]).map((horizon) => ({
        name: stageName(kind, horizon),
        kind,
        critical,
        horizon,
      })),
    ),
  };
}
