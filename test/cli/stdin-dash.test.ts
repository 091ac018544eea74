// `-` names stdin on the command line (yargs 18 drops a bare `-` from positionals: see main.ts).

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FIXTURE, runCli } from './run-cli.js';

it('scan - reads the log from stdin', async () => {
  const result = await runCli(['scan', '-', '--no-cache', '--output', 'json', '--quiet'], { input: readFileSync(FIXTURE, 'utf8') });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { summary: { records: number; inputs: Array<{ file: string }> } };
  expect(report.summary.records).toBe(300);
  expect(report.summary.inputs.map((i) => i.file)).toEqual(['-']);
});
