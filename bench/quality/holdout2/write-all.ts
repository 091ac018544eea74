// Writes every mix of the second blind set under bench/work/holdout2/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout2/write-all.ts

import { checkInvariants, printCounts } from '../holdout/check-mix.js';
import { HOLDOUT2_MIXES, writeHoldout2Mix } from './holdout2-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT2_MIXES) {
  const written = writeHoldout2Mix(spec);
  checkInvariants(written, spec.attacks.length, spec.background.format === 'common' ? 'common' : 'combined');
  const { mix } = written;
  const labelled = [...mix.anomalies.values()].filter((a) => mix.attackClass[a] !== 'behavioural').length;
  if (labelled < MIN_LABELLED_LINES) throw new Error(`${mix.name}: ${labelled} labelled lines, fewer than ${MIN_LABELLED_LINES}`);
  printCounts(written, spec.background.file);
}
