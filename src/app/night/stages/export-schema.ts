import { z } from 'zod';
import type { Horizon } from '../../../domain/horizon.js';
import { exportManifestKey } from '../../../domain/layout.js';
import type { ColumnInfo } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';

const manifestColumnsSchema = z.looseObject({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
});

/** The columns of the last export of a horizon, or undefined when there is none (or it is unreadable). */
export async function readManifestColumns(
  artifacts: ArtifactStore,
  horizon: Horizon,
): Promise<readonly ColumnInfo[] | undefined> {
  const content = await artifacts.read(exportManifestKey(horizon)).catch(() => undefined);
  if (content === undefined) return undefined;
  try {
    const parsed = manifestColumnsSchema.safeParse(JSON.parse(new TextDecoder().decode(content)));
    return parsed.success ? parsed.data.columns : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Columns that appeared, disappeared or changed type since the last export: reported (a model
 * trained before reads a column it no longer finds as missing), never a failure.
 */
export function schemaChanges(
  previous: readonly ColumnInfo[] | undefined,
  current: readonly ColumnInfo[],
):
  | {
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly retyped: readonly string[];
    }
  | undefined {
  if (previous === undefined) return undefined;
  const before = new Map(previous.map((c) => [c.name, c.type]));
  const after = new Map(current.map((c) => [c.name, c.type]));
  const added = current.filter((c) => !before.has(c.name)).map((c) => c.name);
  const removed = previous.filter((c) => !after.has(c.name)).map((c) => c.name);
  const retyped = current
    .filter((c) => before.has(c.name) && before.get(c.name) !== c.type)
    .map((c) => `${c.name} ${before.get(c.name) ?? '?'} -> ${c.type}`);
  return added.length + removed.length + retyped.length === 0 ? undefined : { added, removed, retyped };
}
