// The pure pieces of following a file: complete lines only, over-long lines skipped to their newline,
// a file known by its first bytes, counts kept within their cap, the folders whose events wake us.

import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CappedCounts } from '../../src/watch/capped-counts.js';
import { fingerprintOf, sameStart } from '../../src/watch/fingerprint.js';
import { rotatedNames, watchedFolders } from '../../src/watch/follow-targets.js';
import { readNewLines, type ReadPiece } from '../../src/watch/read-new-lines.js';

function readFile(text: string, from = { offset: 0, skipping: false }, maxLineBytes = 100) {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-read-'));
  writeFileSync(join(dir, 'f'), text);
  const fd = openSync(join(dir, 'f'), 'r');
  try {
    return readNewLines(fd, from, Buffer.byteLength(text), maxLineBytes, 1 << 20);
  } finally {
    closeSync(fd);
  }
}

const show = (pieces: ReadPiece[]) => pieces.map((p) => (p.kind === 'lines' ? p.bytes.toString() : p.kind === 'overlong' ? `overlong:${p.excerpt.length}` : 'end'));

describe('readNewLines', () => {
  it('stops before a line that has no newline yet', () => {
    const read = readFile('a\nbé\ncc');
    expect(show(read.pieces)).toEqual(['a\nbé\n']);
    expect(read.offset).toBe(Buffer.byteLength('a\nbé\n'));
    expect(read.skipping).toBe(false);
  });

  it('reads from an offset, and nothing when nothing was added', () => {
    expect(show(readFile('a\nb\n', { offset: 2, skipping: false }).pieces)).toEqual(['b\n']);
    expect(readFile('a\nb\n', { offset: 4, skipping: false })).toEqual({ pieces: [], offset: 4, skipping: false });
  });

  it('reports an over-long line once, skips it to its newline, and goes on after it', () => {
    const long = 'x'.repeat(250);
    const first = readFile(`a\n${long}`);
    expect(show(first.pieces)).toEqual(['a\n', 'overlong:200']);
    expect(first).toMatchObject({ offset: 252, skipping: true });
    const rest = readFile(`a\n${long}yyy\nb\n`, first);
    expect(show(rest.pieces)).toEqual(['end', 'b\n']);
    expect(rest).toMatchObject({ offset: 252 + 6, skipping: false });
  });
});

describe('file identity', () => {
  it('recognises a grown file by its first bytes, and not a rewritten one', () => {
    const print = fingerprintOf(Buffer.from('first line\n'));
    expect(print.bytes).toBe(11);
    expect(sameStart(Buffer.from('first line\nsecond line\n'), print)).toBe(true);
    expect(sameStart(Buffer.from('first'), print)).toBe(false);
    expect(sameStart(Buffer.from('other line\n'), print)).toBe(false);
    expect(fingerprintOf(Buffer.alloc(5000, 1)).bytes).toBe(1024);
  });

  it('finds rotated names beside a file, compressed ones left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-rotated-'));
    for (const name of ['access.log', 'access.log.1', 'access.log-20261205', 'access.log.2.gz', 'access.logger', 'error.log.1']) writeFileSync(join(dir, name), '');
    expect(rotatedNames(join(dir, 'access.log'))).toEqual([join(dir, 'access.log-20261205'), join(dir, 'access.log.1')]);
  });

  it('watches the folder of a named file and the fixed part of a glob', () => {
    expect(watchedFolders(['/var/log/nginx/access.log', '/var/log/apache2/*.log', 'logs/**/a*.log', '*.log'])).toEqual([
      '/var/log/nginx',
      '/var/log/apache2',
      resolve('logs'),
      resolve('.'),
    ]);
  });
});

describe('CappedCounts', () => {
  it('counts texts and forgets the least recently seen beyond its cap', () => {
    const counts = new CappedCounts(2);
    expect([counts.add('a'), counts.add('b'), counts.add('a'), counts.add('c')]).toEqual([1, 1, 2, 1]);
    expect(counts.size).toBe(2);
    // 'b' was the least recently seen: forgotten, so it starts over; 'a' was kept.
    expect(counts.add('b')).toBe(1);
    expect(counts.add('c')).toBe(2);
  });
});
