import { describe, expect, it } from 'vitest';
import { characterRarity, symbolsOf } from '../../src/normalize/character-rarity.js';

describe('characterRarity', () => {
  it('scores characters by how few requests of this log contain them', () => {
    // 8 requests: 7 with '/' and '.', 1 with a quote and parentheses.
    const texts = ['GET /a.html', 'GET /b.css', "GET /x.php?id=1' or (1)"];
    const counts = [4, 3, 1];
    const { rarity, bits } = characterRarity(texts, counts);
    // '/' and '.' are in all 8 requests: (8+1)/(8+1) → 0 bits.
    expect(bits('/')).toBeCloseTo(0, 6);
    // "'" is in 1 of 8: −log2(2/9).
    expect(bits("'")).toBeCloseTo(-Math.log2(2 / 9), 6);
    expect(rarity[0]).toBeCloseTo(0, 6);
    // ? = ' space ( ) are each in one request of eight.
    expect(rarity[2]).toBeCloseTo(6 * -Math.log2(2 / 9), 5);
  });

  it('learns what is normal for the site: common punctuation costs nothing', () => {
    const texts = ["GET /o'brien", "GET /d'arcy"];
    const { rarity } = characterRarity(texts, [50, 50]);
    expect(rarity[0]).toBeCloseTo(0, 6);
  });

  it('caps each character so that one exotic byte does not decide alone', () => {
    const { bits } = characterRarity(['GET /a', 'GET /\u0001'], [1_000_000, 1]);
    expect(bits('\u0001')).toBe(12);
  });

  it('ignores the method and counts each character once per text', () => {
    expect([...symbolsOf("GET /a''b")]).toEqual(['/', "'"]);
  });
});
