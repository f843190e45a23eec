import { describe, expect, it } from 'vitest';
import { fnv1a32, textDigest } from '../../../src/domain/text-digest.js';

describe('text digests (cache and state file names)', () => {
  it('is FNV-1a 32 on its published test vectors', () => {
    // from the FNV reference test suite (Landon Curt Noll's fnv_test_str, FNV-1a 32)
    expect(fnv1a32('')).toBe('811c9dc5');
    expect(fnv1a32('a')).toBe('e40c292c');
    expect(fnv1a32('foobar')).toBe('bf9cf968');
  });

  it('keeps FNV-1a 32 as the first half of the 64-bit digest, and tells near texts apart', () => {
    expect(textDigest('foobar').slice(0, 8)).toBe('bf9cf968');
    expect(textDigest('foobar')).toMatch(/^[0-9a-f]{16}$/);
    expect(textDigest('foobar')).not.toBe(textDigest('foobas'));
    expect(textDigest('ab')).not.toBe(textDigest('ba'));
  });
});
