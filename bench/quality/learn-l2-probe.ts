// Does a stronger L2 penalty make the line model learned on one elastic mix hold up on the other?
// Prints, per penalty, the source's held-out F1 (what an honest choice may look at) and the F1 on the
// other mix. Numbers are quoted in docs/tuning.md.
//
//   npm run build && npx tsx bench/quality/learn-l2-probe.ts
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { learnWeights } from '../../src/tune/learn-weights.js';
import { parseObjective } from '../../src/tune/objective.js';
import { tuneSettings } from '../../src/tune/tune-settings.js';
import { labelledMix } from './labelled-mix.js';
import { scoreAnalysis } from './score-analysis.js';
const objective = parseObjective('f1');
for (const [from, to] of [['elastic-a', 'elastic-b'], ['elastic-b', 'elastic-a']]) {
  const source = await labelledMix(from!);
  const target = await labelledMix(to!);
  const swept = tuneSettings(source.scan, source.labelled, { objective });
  for (const l2 of [0.1, 1, 10, 100, 1000]) {
    const learned = learnWeights(source.scan, source.labelled, { objective, l2, against: [swept.heldOut, swept.defaults.scores] });
    const q = scoreAnalysis(detectAnomalies(target.scan, { learned: learned.model }), target.written.mix);
    console.log(from, '->', to, 'l2', l2, 'heldOut', learned.heldOut.f1.toFixed(3), 'beats', learned.beats, 'target F1', q.f1.toFixed(3));
  }
}
