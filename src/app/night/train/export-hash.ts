import { z } from 'zod';
import type { Horizon } from '../../../domain/horizon.js';
import { exportManifestKey } from '../../../domain/layout.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';

/** The one manifest field training records (the export stage's sha256 of the exported file). */
const manifestHashSchema = z.looseObject({ content_hash: z.string() });

/** The export manifest's content hash of that night, when the export stage wrote one. */
export async function readExportHash(artifacts: ArtifactStore, horizon: Horizon): Promise<string | null> {
  const content = await artifacts.read(exportManifestKey(horizon)).catch(() => undefined);
  if (content === undefined) return null;
  try {
    const parsed = manifestHashSchema.safeParse(JSON.parse(new TextDecoder().decode(content)));
    if (!parsed.success) return null;
    return parsed.data.content_hash;
  } catch {
    return null;
  }
}
