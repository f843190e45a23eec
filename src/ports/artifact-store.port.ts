import type { ServiceIdentifier } from 'inversify';

/**
 * A file being written for the store. Tools that write files themselves (DuckDB's COPY, a
 * booster's save) write to `localPath`, then `commit` makes it visible under its key at once
 * (fsync + rename); `discard` removes it. Until commit, readers see the previous version.
 */
export interface StagedArtifact {
  readonly key: string;
  /** A temporary local file path in the same folder as the final file. */
  readonly localPath: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Exports, models and reports, addressed by keys relative to the home (`TrainingData/exports/x.parquet`).
 * Every write is atomic: temporary name, fsync, rename. Errors are ArtifactIoError.
 */
export interface ArtifactStore {
  /** Atomic write of the whole content. */
  write(key: string, content: Uint8Array | string): Promise<void>;
  /** The content, or undefined if the key does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Keys under `prefix` (folder-like, '/' separated), sorted. */
  list(prefix: string): Promise<readonly string[]>;
  exists(key: string): Promise<boolean>;
  /** Removes the key (or a folder-like prefix and everything under it). Missing keys are fine. */
  remove(key: string): Promise<void>;
  /** Starts a write done by another tool; see StagedArtifact. */
  stage(key: string): Promise<StagedArtifact>;
  /** The local path of a committed key, for tools that read files (DuckDB, boosters); undefined if missing. */
  localPath(key: string): Promise<string | undefined>;
}

export const ARTIFACT_STORE: ServiceIdentifier<ArtifactStore> = Symbol.for('cbi.ArtifactStore');
