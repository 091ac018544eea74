// Writes every mix of the third blind set under bench/work/holdout3/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout3/write-all.ts

import { checkAndPrintBlindMix } from '../holdout/check-mix.js';
import { HOLDOUT3_MIXES, writeHoldout3Mix } from './holdout3-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT3_MIXES) {
  const format = spec.background.format === 'common' ? 'common' : 'combined';
  checkAndPrintBlindMix(writeHoldout3Mix(spec), spec.attacks.length, format, spec.background.file, MIN_LABELLED_LINES);
}
