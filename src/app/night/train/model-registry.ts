import { createHash } from 'node:crypto';
import { ArtifactIoError, ModelCorruptError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { championKey, modelHorizonKey, setAsideKey } from '../../../domain/layout.js';
import type { TrainedModel } from '../../../domain/model/model.js';
import type { ChampionRecord, ModelMetadata } from '../../../domain/model/model-metadata.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import { championRecordSchema, modelMetadataSchema } from './model-metadata-schema.js';

const METADATA_FILE = 'metadata.json';

/**
 * Model versions and champions, through the ArtifactStore only (every write atomic):
 * `Models/local/horizon_<h>/prod/<model>/<version>/` holds the model file and
 * `metadata.json`; `Models/local/horizon_<h>/prod/champion.json` names the champion.
 * A version exists once its metadata.json does (written after the model file), so a crash in
 * between leaves no half version behind. Versions are never overwritten by another run.
 */
export class ModelRegistry {
  constructor(private readonly artifacts: ArtifactStore) {}

  /** `Models/local/horizon_<h>/prod/<model>/<version>` */
  versionDir(horizon: Horizon, model: string, version: string): string {
    return `${modelHorizonKey(horizon)}/${model}/${version}`;
  }

  /**
   * Writes the model file, then its metadata with the file's sha256 (the version becomes visible
   * with the latter). Returns the metadata as saved.
   */
  async saveVersion(model: TrainedModel, metadata: ModelMetadata): Promise<ModelMetadata> {
    const dir = this.versionDir(metadata.horizon, metadata.model_name, metadata.version);
    const saved: ModelMetadata = { ...metadata, model_sha256: sha256(model.content) };
    await this.artifacts.write(`${dir}/${metadata.model_file}`, model.content);
    await this.artifacts.write(`${dir}/${METADATA_FILE}`, `${JSON.stringify(saved, null, 2)}\n`);
    return saved;
  }

  /** Version ids of a model that have metadata, oldest first (run ids sort by time). */
  async versions(horizon: Horizon, model: string): Promise<readonly string[]> {
    const prefix = `${modelHorizonKey(horizon)}/${model}/`;
    const keys = await this.artifacts.list(prefix);
    return keys
      .filter((key) => key.endsWith(`/${METADATA_FILE}`))
      .map((key) => key.slice(prefix.length, -(METADATA_FILE.length + 1)))
      .filter((version) => version !== '' && !version.includes('/'))
      .sort();
  }

  /** The metadata of a version, or undefined when it does not exist. Throws ArtifactIoError when unreadable. */
  async metadata(horizon: Horizon, model: string, version: string): Promise<ModelMetadata | undefined> {
    const key = `${this.versionDir(horizon, model, version)}/${METADATA_FILE}`;
    const content = await this.artifacts.read(key);
    if (content === undefined) return undefined;
    const parsed = modelMetadataSchema.safeParse(parseJson(content, key));
    if (!parsed.success) {
      throw new ArtifactIoError(
        `${key} is not valid model metadata: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  }

  /** The newest version of a model, or undefined when it has none. */
  async latest(horizon: Horizon, model: string): Promise<ModelMetadata | undefined> {
    const versions = await this.versions(horizon, model);
    const newest = versions[versions.length - 1];
    return newest === undefined ? undefined : this.metadata(horizon, model, newest);
  }

  /**
   * The saved model of a version, as the trainer loads it. Throws ModelCorruptError when the file
   * is gone or no longer matches the sha256 its metadata recorded (a damaged file would fail in
   * the library, or worse, load and forecast wrong).
   */
  async loadModel(metadata: ModelMetadata): Promise<TrainedModel> {
    const key = `${this.versionDir(metadata.horizon, metadata.model_name, metadata.version)}/${metadata.model_file}`;
    const content = await this.artifacts.read(key);
    if (content === undefined)
      throw new ModelCorruptError(`model file ${key} is missing`, { hint: 'the next run retrains it' });
    const expected = metadata.model_sha256;
    if (expected !== undefined && sha256(content) !== expected)
      throw new ModelCorruptError(
        `model file ${key} does not match the sha256 recorded when it was saved (${expected.slice(0, 12)}...)`,
        { hint: 'it is set aside and another version forecasts; the next run retrains it' },
      );
    return {
      library: metadata.library,
      libraryVersion: metadata.library_version,
      format: metadata.format,
      content,
      featureNames: metadata.feature_names,
    };
  }

  /** The champion record, or undefined when the horizon has none. Throws ArtifactIoError when unreadable. */
  async championRecord(horizon: Horizon): Promise<ChampionRecord | undefined> {
    const key = championKey(horizon);
    const content = await this.artifacts.read(key);
    if (content === undefined) return undefined;
    const parsed = championRecordSchema.safeParse(parseJson(content, key));
    if (!parsed.success)
      throw new ArtifactIoError(
        `${key} is not a valid champion record: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    return parsed.data;
  }

  /** The champion and its metadata, or undefined when there is none or its version is gone. */
  async champion(
    horizon: Horizon,
  ): Promise<{ readonly record: ChampionRecord; readonly metadata: ModelMetadata } | undefined> {
    const record = await this.championRecord(horizon);
    if (record === undefined) return undefined;
    const metadata = await this.metadata(horizon, record.model_name, record.version);
    return metadata === undefined ? undefined : { record, metadata };
  }

  /**
   * Moves a version out of the registry without deleting it: its files are copied to
   * `Models/local/horizon_<h>/prod/set_aside/<model>/<version>/` with a `set_aside.json` saying
   * why, then removed from their place (metadata.json first, so the version stops existing at
   * once). Returns the folder it was set aside to.
   */
  async setAside(
    metadata: Pick<ModelMetadata, 'horizon' | 'model_name' | 'version'>,
    reason: string,
    at: Date,
  ): Promise<string> {
    const dir = this.versionDir(metadata.horizon, metadata.model_name, metadata.version);
    const target = setAsideKey(metadata.horizon, metadata.model_name, metadata.version);
    for (const key of await this.artifacts.list(`${dir}/`)) {
      const content = await this.artifacts.read(key);
      if (content !== undefined)
        await this.artifacts.write(`${target}/${key.slice(dir.length + 1)}`, content);
    }
    await this.artifacts.write(
      `${target}/set_aside.json`,
      `${JSON.stringify({ reason, set_aside_at: at.toISOString(), from: dir }, null, 2)}\n`,
    );
    await this.artifacts.remove(`${dir}/${METADATA_FILE}`);
    await this.artifacts.remove(dir);
    return target;
  }

  /** Removes champion.json: the horizon has no champion until a model with skill is promoted. */
  async clearChampion(horizon: Horizon): Promise<void> {
    await this.artifacts.remove(championKey(horizon));
  }

  /** Atomic: readers see the previous champion or this one. */
  async setChampion(record: ChampionRecord): Promise<void> {
    await this.artifacts.write(championKey(record.horizon), `${JSON.stringify(record, null, 2)}\n`);
  }
}

function parseJson(content: Uint8Array, key: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(content));
  } catch (cause) {
    throw new ArtifactIoError(`${key} is not JSON`, { cause });
  }
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
