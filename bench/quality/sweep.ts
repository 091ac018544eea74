// Sweeps eps × min_samples on every mix (embedding each mix once) and prints line P/R/F1 and IP recall.
//   npm run build && npx tsx bench/quality/sweep.ts

import { fileURLToPath } from 'node:url';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { MIXES, writeMix } from './mixes.js';
import { scoreAnalysis } from './score-analysis.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));
const epsValues = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
const minSamplesValues = [2, 3, 5, 10, 20];

for (const spec of MIXES) {
  const { mix, logFile } = writeMix(spec);
  const started = performance.now();
  const prepared = await prepareScan({ paths: [logFile], cacheDir });
  console.log(`\n${spec.name}: ${mix.lines.length} lines, ${mix.anomalies.size} anomalies, ${prepared.state.table.size} texts, prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log('eps  minS  flagged  P      R      F1     ipRecall  recall by attack');
  for (const eps of epsValues) {
    for (const minSamples of minSamplesValues) {
      const q = scoreAnalysis(detectAnomalies(prepared, { semantic: { eps, minSamples } }), mix);
      const byAttack = Object.entries(q.recallByAttack).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      console.log(`${eps.toFixed(2)} ${String(minSamples).padStart(4)} ${String(q.flagged).padStart(8)}  ${q.precision.toFixed(3)}  ${q.recall.toFixed(3)}  ${q.f1.toFixed(3)}  ${q.ipRecall.toFixed(2)}      ${byAttack}`);
    }
  }
}
