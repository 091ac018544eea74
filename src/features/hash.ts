// Small non-cryptographic string hashes, so that per-IP and per-cookie state stores numbers, not strings.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a over UTF-16 code units (identical to the byte version for ASCII, which URIs and
 * user agents nearly always are). Good enough for per-IP sets of a few thousand items, where the
 * chance of any collision stays below 1 in 1,000.
 */
export function fnv1a32(text: string, seed = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * A 52-bit hash (exact in a JS number) from two differently seeded FNV-1a passes. Used for the
 * cookie map, which may hold 100,000 cookies: with 32 bits two unrelated cookies would collide
 * about once per run and look like one cookie shared by two IPs.
 */
export function hash52(text: string): number {
  const high = fnv1a32(text) >>> 12; // 20 bits
  const low = fnv1a32(text, 0x01234567); // 32 bits
  return high * 0x1_0000_0000 + low;
}
