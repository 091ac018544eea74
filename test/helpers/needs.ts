// For tests that need something this machine may lack (Chromium, unshare -n, /dev/full, the real data
// in ../shared/data): a skip that says so loudly, and under CI=true a failing test instead, so that a
// CI machine that lost one of them cannot pass without running those tests.

import { it } from 'vitest';

/** Whether `available`; when not, warns on stderr and, under CI=true, registers a failing test naming `what`. */
export function needs(available: boolean, what: string): boolean {
  if (available) return true;
  process.stderr.write(`\n*** semlog tests ${process.env['CI'] === 'true' ? 'FAILED (CI=true)' : 'SKIPPED'}, not available here: ${what} ***\n\n`);
  if (process.env['CI'] === 'true') {
    it(`needs ${what}`, () => {
      throw new Error(`not available here: ${what}; CI=true does not allow skipping the tests that need it`);
    });
  }
  return false;
}
