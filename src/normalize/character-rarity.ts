// How unusual a request's characters are for this log: attack payloads need quotes, brackets,
// semicolons, pipes and braces that ordinary traffic of the same site rarely uses. Learned from the
// log itself (no signature list): a character's weight is its self-information, −log2 of the share
// of requests that contain it, and a text's rarity sums that over its distinct non-alphanumeric
// characters (each capped, so one exotic byte does not decide alone).

const MAX_BITS_PER_CHARACTER = 12;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

export interface CharacterRarity {
  /** Rarity in bits per distinct text. */
  rarity: Float32Array;
  /** Bits of one character; what an explanation shows. */
  bits(ch: string): number;
}

/** Computes rarity per distinct text, weighting each text by how often it occurs. */
export function characterRarity(texts: readonly string[], counts: ArrayLike<number>): CharacterRarity {
  const withCharacter = new Map<string, number>();
  let total = 0;
  const symbols = texts.map((text, id) => {
    const found = symbolsOf(text);
    for (const ch of found) withCharacter.set(ch, (withCharacter.get(ch) ?? 0) + counts[id]!);
    total += counts[id]!;
    return found;
  });
  const bits = (ch: string) => Math.min(MAX_BITS_PER_CHARACTER, -Math.log2(((withCharacter.get(ch) ?? 0) + 1) / (total + 1)));
  const rarity = Float32Array.from(symbols, (found) => {
    let sum = 0;
    for (const ch of found) sum += bits(ch);
    return sum;
  });
  return { rarity, bits };
}

/** The distinct non-alphanumeric characters of the request target (the method is left out). */
export function symbolsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const ch of text.slice(text.indexOf(' ') + 1)) if (!ALPHANUMERIC.test(ch)) found.add(ch);
  return found;
}
