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

  it('merges the table of the next part of a log: the ids and counts of one pass (hand-computed)', () => {
    const first = new TextTable();
    for (const text of ['a', 'b', 'a']) first.add(text);
    const next = new TextTable();
    for (const text of ['c', 'a', 'c', 'd']) next.add(text);
    // next's ids: c 0, a 1, d 2 → c 2, a 0, d 3 in the merged table.
    expect([...first.merge(next)]).toEqual([2, 0, 3]);
    const one = new TextTable();
    for (const text of ['a', 'b', 'a', 'c', 'a', 'c', 'd']) one.add(text);
    expect(first.texts).toEqual(one.texts);
    expect([...first.counts]).toEqual([...one.counts]); // a 3, b 1, c 2, d 1
  });

  it('ships as data and refuses a state no table can be in', () => {
    const table = new TextTable();
    for (let i = 0; i < 3000; i++) table.add(`t${i % 1500}`);
    const restored = TextTable.fromState(JSON.parse(JSON.stringify(table.state())));
    expect(restored.texts).toEqual(table.texts);
    expect([...restored.counts]).toEqual([...table.counts]);
    expect(() => TextTable.fromState({ texts: ['a', 'a'], counts: [1, 1] })).toThrow(RangeError);
    expect(() => TextTable.fromState({ texts: ['a'], counts: [0] })).toThrow(RangeError);
    expect(() => TextTable.fromState({ texts: ['a', 'b'], counts: [1] })).toThrow(RangeError);
  });

  it('grows past its initial capacity without losing counts', () => {
    const table = new TextTable();
    for (let i = 0; i < 5000; i++) table.add(`t${i % 2500}`);
    expect(table.size).toBe(2500);
    expect(table.counts.every((c) => c === 2)).toBe(true);
  });
});
