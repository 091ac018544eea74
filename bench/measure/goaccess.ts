// GoAccess (the Debian package, 1.7) parsing a combined log into its JSON report: the speed of a C
// log analyzer users already run, as the yardstick for semlog's end-to-end time.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMeasured, type Measured } from './run-measured.js';

/** Parses LOG with GoAccess's built-in COMBINED format and no config file, writing a JSON report. */
export function goaccessParse(log: string): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-bench-goaccess-'));
  try {
    return runMeasured('goaccess', [log, '--log-format=COMBINED', '--no-global-config', '-o', join(dir, 'report.json')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "GoAccess 1.7" from `goaccess --version` ("GoAccess - 1.7."). */
export function goaccessVersion(): string {
  const first = execFileSync('goaccess', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  return `GoAccess ${first.replace(/^GoAccess\s*-\s*/, '').replace(/\.$/, '').trim()}`;
}
