/**
 * A 64-bit digest of a text as 16 hex digits: FNV-1a in two 32-bit lanes (Math.imul, no BigInt:
 * BigInt FNV over a config cost the hourly commands milliseconds). Tells inputs apart for cache
 * file names; not for security.
 */
export function textDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
