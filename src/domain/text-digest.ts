/**
 * FNV-1a, 32 bits, as 8 hex digits: a short stable name for a text (a home's path). Math.imul, no
 * BigInt and no node:crypto, which would cost the hourly commands start-up time. Not for security.
 */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * A 64-bit digest of a text as 16 hex digits: FNV-1a 32 and a second lane with another prime
 * (BigInt FNV-64 over a config cost the hourly commands milliseconds). Tells inputs apart for cache
 * file names; not for security.
 */
export function textDigest(text: string): string {
  let lane = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) lane = Math.imul(lane ^ text.charCodeAt(i), 0x5bd1e995);
  return `${fnv1a32(text)}${(lane >>> 0).toString(16).padStart(8, '0')}`;
}
