// Writes every mix of the second blind set under bench/work/holdout2/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout2/write-all.ts

import { checkAndPrintBlindMix } from '../holdout/check-mix.js';
import { HOLDOUT2_MIXES, writeHoldout2Mix } from './holdout2-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT2_MIXES) {
  const format = spec.background.format === 'common' ? 'common' : 'combined';
  checkAndPrintBlindMix(writeHoldout2Mix(spec), spec.attacks.length, format, spec.background.file, MIN_LABELLED_LINES);
}
