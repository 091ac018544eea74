import { describe, expect, it } from 'vitest';
import { TextTable } from '../../src/normalize/text-table.js';

describe('TextTable', () => {
  it('assigns one id per distinct text and counts occurrences', () => {
    const table = new TextTable();
    expect(table.add('a')).toBe(0);
    expect(table.add('b')).toBe(1);
    expect(table.add('a')).toBe(0);
    expect(table.size).toBe(2);
    expect([...table.counts]).toEqual([2, 1]);
    expect(table.text(1)).toBe('b');
  });

  it('grows past its initial capacity without losing counts', () => {
    const table = new TextTable();
    for (let i = 0; i < 5000; i++) table.add(`t${i % 2500}`);
    expect(table.size).toBe(2500);
    expect(table.counts.every((c) => c === 2)).toBe(true);
  });
});
