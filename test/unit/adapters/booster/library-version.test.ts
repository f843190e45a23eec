import { describe, expect, it } from 'vitest';
import {
  isSupportedVersion,
  unsupportedVersionMessage,
} from '../../../../src/adapters/booster/library-version.js';
import { LIGHTGBM_VERSIONS } from '../../../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { XGBOOST_VERSIONS } from '../../../../src/adapters/booster/xgboost/xgboost-driver.js';

describe('isSupportedVersion', () => {
  it.each([
    { version: '1.6.2', supported: false },
    { version: '1.7.0', supported: true },
    { version: '1.7.4', supported: true },
    { version: '2.1.4', supported: true },
    { version: '3.1.0', supported: true },
    { version: '3.2.0', supported: true },
    { version: '4.0.0', supported: false },
    { version: 'older than 1.4 (no XGBoostVersion)', supported: false },
  ])('XGBoost $version: $supported', ({ version, supported }) => {
    expect(isSupportedVersion(version, XGBOOST_VERSIONS)).toBe(supported);
  });

  it.each([
    { version: '3.3.5', supported: false },
    { version: '4.0.0', supported: true },
    { version: '4.1.0.99', supported: true },
    { version: '4.6.0', supported: true },
    { version: 'v4.6.0', supported: true },
    { version: '4.x (undeclared)', supported: true },
    { version: '3.x or older (undeclared)', supported: false },
    { version: '5.0.0', supported: false },
    { version: 'unknown', supported: false },
  ])('LightGBM $version: $supported', ({ version, supported }) => {
    expect(isSupportedVersion(version, LIGHTGBM_VERSIONS)).toBe(supported);
  });
});

describe('unsupportedVersionMessage', () => {
  it('names the version and the range that works, in one line', () => {
    expect(unsupportedVersionMessage('xgboost', '4.0.0', XGBOOST_VERSIONS)).toBe(
      'xgboost 4.0.0 is not supported: cbi-autopilot works with XGBoost 1.7 to 3.x',
    );
  });
});
