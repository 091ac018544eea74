// Writes every mix of the fourth blind set under bench/work/holdout4/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout4/write-all.ts

import { checkAndPrintBlindMix } from '../holdout/check-mix.js';
import { HOLDOUT4_MIXES, writeHoldout4Mix } from './holdout4-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT4_MIXES) {
  const format = spec.background.format === 'common' ? 'common' : 'combined';
  checkAndPrintBlindMix(writeHoldout4Mix(spec), spec.attacks.length, format, spec.background.file, MIN_LABELLED_LINES);
}
