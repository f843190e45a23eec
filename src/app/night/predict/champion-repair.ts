import { summarizeError, type ModelCorruptError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import { MODEL_LIBRARIES } from '../../../domain/model/model.js';
import type { ChampionRecord, ModelMetadata } from '../../../domain/model/model-metadata.js';
import { hasSkill } from '../../../domain/model/skill-gate.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Logger } from '../../../ports/logger.port.js';
import type { ChampionRepair } from '../../../domain/night/stage-details.js';
import type { ModelRegistry } from '../train/model-registry.js';

/** What was done about a corrupt champion. */

/**
 * A champion whose model file is damaged is set aside (kept under `set_aside/`, never deleted)
 * and the champion record moves to the best version with skill whose file is intact: tonight's
 * newest first, then older versions, newest first. With none, champion.json is removed and the
 * horizon publishes the naive forecast until a model with skill is promoted.
 */
export async function repairChampion(
  deps: {
    readonly registry: ModelRegistry;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly margin: number;
  },
  target: { readonly horizon: Horizon; readonly runId: string },
  corrupt: {
    readonly record: ChampionRecord;
    readonly metadata: ModelMetadata;
    readonly error: ModelCorruptError;
  },
): Promise<ChampionRepair> {
  const { registry } = deps;
  const { horizon } = target;
  const now = deps.clock.now();
  const reason = `champion model file corrupt: ${corrupt.error.message}`;
  const folder = await registry.setAside(corrupt.metadata, reason, now);
  deps.logger.error('corrupt champion set aside', {
    horizon,
    version: corrupt.metadata.version,
    folder,
    error: corrupt.error.message,
  });
  const replacement = await intactSkilledVersion(registry, horizon, deps.margin);
  if (replacement === undefined) {
    await registry.clearChampion(horizon);
    return { set_aside: folder, error: corrupt.error.message, replaced_by: null };
  }
  await registry.setChampion({
    schema_version: 1,
    horizon,
    surface: SURFACE,
    model_name: replacement.model_name,
    library: replacement.library,
    version: replacement.version,
    model_dir: registry.versionDir(horizon, replacement.model_name, replacement.version),
    mape: replacement.metrics.mape,
    promoted_at: now.toISOString(),
    run_id: target.runId,
    reason: `replaces ${corrupt.record.model_name} ${corrupt.record.version}, set aside: ${summarizeError(corrupt.error).message}`,
  });
  return {
    set_aside: folder,
    error: corrupt.error.message,
    replaced_by: { model: replacement.model_name, version: replacement.version },
  };
}

/** The version with skill and an intact file: the lowest-MAPE among each library's newest, else older ones, newest first. */
async function intactSkilledVersion(
  registry: ModelRegistry,
  horizon: Horizon,
  margin: number,
): Promise<ModelMetadata | undefined> {
  const byLibrary: ModelMetadata[][] = [];
  for (const library of MODEL_LIBRARIES) {
    const versions = [...(await registry.versions(horizon, library))].reverse();
    const metadata: ModelMetadata[] = [];
    for (const version of versions) {
      const one = await registry.metadata(horizon, library, version).catch(() => undefined);
      if (one !== undefined && hasSkill(one.metrics, margin)) metadata.push(one);
    }
    byLibrary.push(metadata);
  }
  const newest = byLibrary
    .flatMap((list) => list.slice(0, 1))
    .sort((a, b) => (a.metrics.mape ?? Infinity) - (b.metrics.mape ?? Infinity));
  const older = byLibrary.flatMap((list) => list.slice(1)).sort((a, b) => (a.version < b.version ? 1 : -1));
  for (const candidate of [...newest, ...older]) {
    const intact = await registry.loadModel(candidate).then(
      () => true,
      () => false,
    );
    if (intact) return candidate;
  }
  return undefined;
}
