import type { Horizon } from '../horizon.js';
import { stageDetails, type RunRecord } from './run.js';
import { isBlockedTraining } from './stage-details.js';

/** A champion model a run found broken and set aside (files kept for a look, never read again). */
export interface ModelSetAside {
  readonly horizon: Horizon;
  /** Where its files were moved, relative to the home. */
  readonly movedTo: string;
  /** Why: its metadata.json was gone, or its model file was damaged. */
  readonly why: string;
}

/**
 * The champions a run set aside, per horizon: one whose metadata.json was gone when training
 * compared it (train details' `previous_champion`), one whose model file would not load when it
 * was to forecast (predict details' `corrupt_champion`). The night goes on without them; a
 * person hears of it once (the `repaired` alert) besides the record and the log.
 */
export function modelsSetAside(run: RunRecord): ModelSetAside[] {
  const found: ModelSetAside[] = [];
  const predict = stageDetails(run, 'predict');
  for (const horizon of run.horizons) {
    const train = stageDetails(run, 'train', horizon);
    if (train !== undefined && !isBlockedTraining(train) && !train.reused) {
      const previous = train.previous_champion;
      if (previous !== undefined && 'set_aside' in previous)
        found.push({ horizon, movedTo: previous.set_aside, why: previous.why });
    }
    const outcome = predict?.horizons[horizon];
    const repair =
      outcome !== undefined && 'corrupt_champion' in outcome ? outcome.corrupt_champion : undefined;
    if (repair !== undefined) found.push({ horizon, movedTo: repair.set_aside, why: repair.error });
  }
  return found;
}
