// Writes every held-out mix under bench/work/holdout/ and checks its invariants; prints counts only
// (never attack content, which the lead must not see). Run: npx tsx bench/quality/holdout/write-all.ts

import { readFileSync } from 'node:fs';
import { COMBINED } from './combined-line.js';
import { HOLDOUT_MIXES, type WrittenHoldoutMix, writeHoldoutMix } from './holdout-mixes.js';

for (const spec of HOLDOUT_MIXES) {
  const written = writeHoldoutMix(spec);
  checkInvariants(written, spec.attacks.length);
  const { mix } = written;
  const perAttack = new Map<string, number>();
  for (const attack of mix.anomalies.values()) perAttack.set(attack, (perAttack.get(attack) ?? 0) + 1);
  const perClass = { payload: 0, scanner: 0, behavioural: 0 };
  for (const [attack, n] of perAttack) perClass[mix.attackClass[attack]!] += n;
  console.log(`${mix.name}: ${mix.lines.length} lines = ${mix.backgroundLines} background (${spec.background.file}) + ${mix.anomalies.size} injected`);
  console.log(`  per class: payload ${perClass.payload}, scanner ${perClass.scanner}, behavioural ${perClass.behavioural}`);
  console.log(`  per attack: ${[...perAttack].map(([a, n]) => `${a} ${n} (${mix.attackClass[a]})`).join(', ')}`);
  console.log(`  attacker IPs: ${mix.attackerIps.length} (${mix.attackerIps[0]} … ${mix.attackerIps.at(-1)}); behavioural: ${(mix.hammerIps ?? []).join(', ') || 'none'}`);
  console.log(`  files: ${written.logFile}, ${written.labelsFile}, ${written.attacksFile}`);
}

function checkInvariants({ mix, logFile, labelsFile }: WrittenHoldoutMix, attackSpecs: number): void {
  const fail = (what: string) => {
    throw new Error(`${mix.name}: ${what}`);
  };
  const fileLines = readFileSync(logFile, 'utf8').split('\n');
  if (fileLines.pop() !== '') fail('log does not end with a newline');
  if (fileLines.length !== mix.lines.length) fail(`log has ${fileLines.length} lines, the mix ${mix.lines.length}`);
  if (mix.lines.length !== mix.backgroundLines + mix.anomalies.size) fail('line count is not background + injected');
  if (Object.keys(mix.attackClass).length !== attackSpecs) fail('an attack label is shared by two attack specs');
  const injectedIps = new Set<string>();
  for (const [line, attack] of mix.anomalies) {
    const text = fileLines[line - 1];
    const m = text === undefined ? null : COMBINED.exec(text);
    if (!m) fail(`labelled line ${line} is missing or not combined`);
    if (!/^ "[^"]*" "[^"]*"$/.test(m![8]!)) fail(`labelled line ${line} has no "referer" "user-agent"`);
    if (!(attack in mix.attackClass)) fail(`line ${line}: attack ${attack} has no class`);
    if (!mix.attackerIps.includes(m![1]!)) fail(`line ${line}: ${m![1]} is not an attacker IP`);
    injectedIps.add(m![1]!);
  }
  if (injectedIps.size !== mix.attackerIps.length) fail('an attacker IP has no injected line');
  // No background line may come from an attacker IP, or its label would be wrong.
  fileLines.forEach((text, i) => {
    if (!mix.anomalies.has(i + 1) && mix.attackerIps.includes(text.split(' ', 1)[0]!)) fail(`unlabelled line ${i + 1} is from an attacker IP`);
  });
  const labelRows = readFileSync(labelsFile, 'utf8').trim().split('\n').slice(1);
  const behavioural = [...mix.anomalies.values()].filter((a) => mix.attackClass[a] === 'behavioural').length;
  if (labelRows.length !== mix.anomalies.size - behavioural) fail('labels.csv does not list every non-behavioural injected line');
  for (const row of labelRows) if (!row.endsWith(',anomaly')) fail(`labels.csv row ${row.split(',')[1]} is not labelled anomaly`);
}
