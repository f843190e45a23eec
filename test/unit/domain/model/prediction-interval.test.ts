import { describe, expect, it } from 'vitest';
import {
  conformalInterval,
  conformalQuantile,
  intervalCoverage,
} from '../../../../src/domain/model/prediction-interval.js';

describe('conformalQuantile', () => {
  it('is the ceil((n + 1) x level)-th smallest score', () => {
    expect(conformalQuantile([5, 1, 4, 2, 3], 0.5)).toBe(3); // ceil(6 x 0.5) = 3
    expect(conformalQuantile([5, 1, 4, 2, 3], 0.8)).toBe(5); // ceil(4.8) = 5
  });

  it('has no band when the scores are too few for the level', () => {
    expect(conformalQuantile([5, 1, 4, 2, 3], 0.9)).toBeUndefined(); // ceil(5.4) = 6 > 5
    expect(conformalQuantile([], 0.5)).toBeUndefined();
    expect(() => conformalQuantile([1], 1)).toThrow(/level must lie in \(0, 1\)/);
  });
});

describe('conformalInterval', () => {
  it('matches the band computed independently (python3, numpy) on a hand vector', () => {
    // scores |log(actual/predicted)| sorted; the 9th of 10 at 80 %: 0.05182506786458602
    const predicted = [100, 102, 98, 105, 110, 95, 101, 99, 103, 97];
    const actual = [101, 100, 99, 108, 104, 96, 103, 94, 103.5, 99];
    const band = conformalInterval(
      predicted.map((p, i) => ({ predicted: p, actual: actual[i] ?? 0 })),
      120,
      0.8,
    );
    expect(band?.halfWidth).toBeCloseTo(0.05182506786458602, 12);
    expect(band?.low).toBeCloseTo(113.93939393939394, 9);
    expect(band?.high).toBeCloseTo(126.38297872340425, 9);
    expect(band?.calibration).toBe(10);
  });
});

describe('intervalCoverage', () => {
  it('counts outcomes inside their band, per nominal level', () => {
    const bands = [
      { low: 90, high: 110, level: 0.8, actual: 100 },
      { low: 90, high: 110, level: 0.8, actual: 110 },
      { low: 90, high: 110, level: 0.8, actual: 111 },
      { low: 90, high: 110, level: 0.9, actual: 80 },
    ];
    expect(intervalCoverage(bands, 0.8)).toEqual({ level: 0.8, matured: 3, covered: 2, coverage: 2 / 3 });
    expect(intervalCoverage([], 0.8).coverage).toBeNull();
  });
});
