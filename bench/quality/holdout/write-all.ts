// Writes every held-out mix under bench/work/holdout/ and checks its invariants; prints counts only
// (never attack content, which the lead must not see). Run: npx tsx bench/quality/holdout/write-all.ts

import { checkInvariants, printCounts } from './check-mix.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout-mixes.js';

for (const spec of HOLDOUT_MIXES) {
  const written = writeHoldoutMix(spec);
  checkInvariants(written, spec.attacks.length);
  printCounts(written, spec.background.file);
}
