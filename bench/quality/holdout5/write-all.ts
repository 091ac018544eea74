// Writes every mix of the fifth blind set under bench/work/holdout5/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout5/write-all.ts

import { checkAndPrintBlindMix } from '../holdout/check-mix.js';
import { HOLDOUT5_MIXES, writeHoldout5Mix } from './holdout5-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT5_MIXES) {
  const format = spec.background.format === 'common' ? 'common' : 'combined';
  checkAndPrintBlindMix(writeHoldout5Mix(spec), spec.attacks.length, format, spec.background.file, MIN_LABELLED_LINES);
}
