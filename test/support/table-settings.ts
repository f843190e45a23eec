import type { TableSettings } from '../../src/app/night/table/audit-horizon.js';
import { DEFAULT_QUALITY_SETTINGS, type QualitySettings } from '../../src/domain/data/quality-settings.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';

/** The default quality gate and column roles, with `quality` laid over the gate's settings. */
export function tableSettings(quality: Partial<QualitySettings> = {}): TableSettings {
  return { quality: { ...DEFAULT_QUALITY_SETTINGS, ...quality }, roles: DEFAULT_ROLE_SETTINGS };
}
