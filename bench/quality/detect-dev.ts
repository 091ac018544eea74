// The design loop of issue #21: scans the design mixes and the clean elastic log in-process (embedding
// cache kept in bench/work/cache, so a rerun embeds nothing) and prints every detection metric.
// Held-out mixes are not read here: they are measured only by bench/quality/report.ts.
//
//   npm run build && npx tsx bench/quality/detect-dev.ts [mix…]

import { fileURLToPath } from 'node:url';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { SHARED_DATA } from '../parse/make-log.js';
import { detectionMetrics } from './detection-metrics.js';
import { MIXES, writeMix } from './mixes.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));
const only = process.argv.slice(2);
const f = (x: number) => (Number.isNaN(x) ? '  –  ' : x.toFixed(3));

for (const spec of MIXES.filter((m) => only.length === 0 || only.includes(m.name))) {
  const { mix, logFile } = writeMix(spec);
  const prepared = await prepareScan({ paths: [logFile], cacheDir });
  const analysis = detectAnomalies(prepared);
  const m = detectionMetrics(analysis, mix);
  console.log(
    `${spec.name.padEnd(10)} flagged ${String(m.flagged).padStart(5)}  P ${f(m.precision)}  R ${f(m.recall)}  F1 ${f(m.f1)}  payload ${f(m.payloadRecall)}  scanner ${f(m.scannerRecall)}  clientAP ${f(m.clientAp)}  hammer rank ${m.behaviouralRanks.join(',') || '–'}`,
  );
  console.log(`           by attack: ${Object.entries(m.recallByAttack).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  if (process.env.SHOW_FP) {
    const fps = analysis.lines.filter((l) => !mix.anomalies.has(l.line));
    const byText = new Map<string, number>();
    for (const l of fps) {
      const key = `${l.ip} ${l.text}  [${l.reasons.map((r) => r.slice(0, 50)).join(' | ')}]`;
      byText.set(key, (byText.get(key) ?? 0) + 1);
    }
    console.log([...byText].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.SHOW_FP)).map(([t, n]) => `   FP ${n}× ${t.slice(0, 160)}`).join('\n'));
  }
  if (process.env.SHOW_FN) {
    const flagged = new Set(analysis.lines.map((l) => l.line));
    const missed = [...mix.anomalies].filter(([line, a]) => mix.attackClass[a] !== 'behavioural' && !flagged.has(line));
    console.log(missed.slice(0, 30).map(([line, a]) => `   FN ${a}: ${mix.lines[line - 1]!.slice(0, 180)}`).join('\n'));
  }
}

if (only.length === 0 || only.includes('clean')) {
  const prepared = await prepareScan({ paths: [SHARED_DATA + 'elastic-apache-logs/apache_logs.log'], cacheDir });
  const analysis = detectAnomalies(prepared);
  console.log(`clean elastic: ${analysis.lines.length} lines, ${analysis.ips.length} clients reported; top 10 clients:`);
  for (const ip of analysis.ips.slice(0, 10)) {
    console.log(`   ${ip.score.toFixed(1).padStart(6)} ${ip.ip.padEnd(16)} ${String(ip.requests).padStart(5)} req  ${(ip.topUserAgents[0]?.[0] ?? '').slice(0, 60)}  | ${ip.fired.join(',')}`);
  }
}

if (process.env.SHOW_IPS) {
  for (const spec of MIXES.filter((m) => only.includes(m.name))) {
    const { mix, logFile } = writeMix(spec);
    const analysis = detectAnomalies(await prepareScan({ paths: [logFile], cacheDir }));
    for (const ip of analysis.ips.slice(0, Number(process.env.SHOW_IPS))) {
      const mark = mix.behaviouralIps.includes(ip.ip) ? 'H' : mix.attackerIps.includes(ip.ip) ? 'A' : ' ';
      console.log(`${mark} ${ip.score.toFixed(1).padStart(6)} ${ip.ip.padEnd(16)} ${String(ip.requests).padStart(5)} req ${String(ip.flaggedLines).padStart(4)} fl  ${(ip.topUserAgents[0]?.[0] ?? '').slice(0, 40)} | ${ip.fired.join(',')} | ${ip.reasons[0]?.slice(0, 60)}`);
    }
  }
}
