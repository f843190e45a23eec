import type { Horizon } from '../horizon.js';

/** The kinds of stage of a nightly run, in the order they run. */
export type StageKind = 'export' | 'quality' | 'train' | 'predict' | 'upload' | 'evaluate';

export const STAGE_KINDS: readonly StageKind[] = [
  'export',
  'quality',
  'train',
  'predict',
  'upload',
  'evaluate',
];

/** One stage of the plan. Train stages carry their horizon and are named `train_<h>`. */
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
}

export interface PlanOptions {
  readonly horizons: readonly Horizon[];
  readonly minHorizons: number;
}

/** DESIGN.md's stage table: export, quality, one train per horizon, predict, upload, evaluate. */
export function buildNightlyPlan(options: PlanOptions): NightlyPlan {
  const stage = (kind: StageKind, critical: boolean): PlannedStage => ({
    name: kind,
    kind,
    critical,
    horizon: null,
  });
  return {
    minHorizons: Math.min(options.minHorizons, options.horizons.length),
    stages: [
      stage('export', true),
      stage('quality', true),
      ...options.horizons.map((horizon) => ({
        name: `train_${horizon}`,
        kind: 'train' as const,
        critical: false,
        horizon,
      })),
      stage('predict', true),
      stage('upload', true),
      stage('evaluate', false),
    ],
  };
}
