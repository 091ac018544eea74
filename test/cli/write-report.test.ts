// writeReport packs the rendered pieces into buffers: the file must hold exactly their UTF-8 bytes.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/cli/write-report.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes pieces of every size, non-ASCII across buffer boundaries included, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-write-report-'));
    dirs.push(dir);
    const out = join(dir, 'report.json');
    // Small pieces with 2-, 3- and 4-byte characters that fill several megabyte buffers, then one
    // piece bigger than a buffer, then small ones again.
    const pieces = [
      ...Array.from({ length: 60_000 }, (_, i) => `{"n": ${i}, "σ": "4.0σ – … 😀"},\n`),
      'x€'.repeat(700_000),
      ...Array.from({ length: 10 }, (_, i) => `tail ${i} ü\n`),
    ];
    await writeReport(pieces, out);
    expect(readFileSync(out).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });
});
