// Writes every mix of the third blind set under bench/work/holdout3/, checks its invariants and
// prints counts only. Run: npx tsx bench/quality/holdout3/write-all.ts

import { checkInvariants, printCounts } from '../holdout/check-mix.js';
import { HOLDOUT3_MIXES, writeHoldout3Mix } from './holdout3-mixes.js';

const MIN_LABELLED_LINES = 100;

for (const spec of HOLDOUT3_MIXES) {
  const written = writeHoldout3Mix(spec);
  checkInvariants(written, spec.attacks.length, spec.background.format === 'common' ? 'common' : 'combined');
  const { mix } = written;
  const labelled = [...mix.anomalies.values()].filter((a) => mix.attackClass[a] !== 'behavioural').length;
  if (labelled < MIN_LABELLED_LINES) throw new Error(`${mix.name}: ${labelled} labelled lines, fewer than ${MIN_LABELLED_LINES}`);
  printCounts(written, spec.background.file);
}
