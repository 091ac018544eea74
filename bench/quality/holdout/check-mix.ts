// Invariants and counts of a written held-out mix, shared by both held-out sets' write-all scripts.
// Prints counts only (never attack content, which the lead must not see).

import { readFileSync } from 'node:fs';
import { COMBINED } from './combined-line.js';
import type { WrittenHoldoutMix } from './holdout-mixes.js';

/**
 * Throws unless every labelled line exists, is written in `format` (combined: with a referer and a
 * user agent; common: with neither, like its background) and comes from an attacker IP; no
 * unlabelled line comes from an attacker IP; the line count is background + injected; and
 * labels.csv lists every non-behavioural injected line.
 */
export function checkInvariants({ mix, logFile, labelsFile }: WrittenHoldoutMix, attackSpecs: number, format: 'combined' | 'common' = 'combined'): void {
  const fail = (what: string) => {
    throw new Error(`${mix.name}: ${what}`);
  };
  const fileLines = readFileSync(logFile, 'utf8').split('\n');
  if (fileLines.pop() !== '') fail('log does not end with a newline');
  if (fileLines.length !== mix.lines.length) fail(`log has ${fileLines.length} lines, the mix ${mix.lines.length}`);
  if (mix.lines.length !== mix.backgroundLines + mix.anomalies.size) fail('line count is not background + injected');
  if (Object.keys(mix.attackClass).length !== attackSpecs) fail('an attack label is shared by two attack specs');
  const tail = format === 'combined' ? /^ "[^"]*" "[^"]*"$/ : /^$/;
  const injectedIps = new Set<string>();
  for (const [line, attack] of mix.anomalies) {
    const text = fileLines[line - 1];
    const m = text === undefined ? null : COMBINED.exec(text);
    if (!m) fail(`labelled line ${line} is missing or not an access-log line`);
    if (!tail.test(m![8]!)) fail(`labelled line ${line} is not in ${format} format`);
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

/** Lines per class and per attack, attacker IPs and files of one written mix. */
export function printCounts({ mix, logFile, labelsFile, attacksFile }: WrittenHoldoutMix, backgroundFile: string): void {
  const perAttack = new Map<string, number>();
  for (const attack of mix.anomalies.values()) perAttack.set(attack, (perAttack.get(attack) ?? 0) + 1);
  const perClass = { payload: 0, scanner: 0, behavioural: 0 };
  for (const [attack, n] of perAttack) perClass[mix.attackClass[attack]!] += n;
  console.log(`${mix.name}: ${mix.lines.length} lines = ${mix.backgroundLines} background (${backgroundFile}) + ${mix.anomalies.size} injected`);
  console.log(`  per class: payload ${perClass.payload}, scanner ${perClass.scanner}, behavioural ${perClass.behavioural}`);
  console.log(`  per attack: ${[...perAttack].map(([a, n]) => `${a} ${n} (${mix.attackClass[a]})`).join(', ')}`);
  console.log(`  attacker IPs: ${mix.attackerIps.length} (${mix.attackerIps[0]} … ${mix.attackerIps.at(-1)}); behavioural: ${(mix.hammerIps ?? []).join(', ') || 'none'}`);
  console.log(`  files: ${logFile}, ${labelsFile}, ${attacksFile}`);
}

/** The blind sets' check: the invariants above, at least `minLabelled` labelled lines, then the counts. */
export function checkAndPrintBlindMix(written: WrittenHoldoutMix, attackSpecs: number, format: 'combined' | 'common', backgroundFile: string, minLabelled: number): void {
  checkInvariants(written, attackSpecs, format);
  const { mix } = written;
  const labelled = [...mix.anomalies.values()].filter((a) => mix.attackClass[a] !== 'behavioural').length;
  if (labelled < minLabelled) throw new Error(`${mix.name}: ${labelled} labelled lines, fewer than ${minLabelled}`);
  printCounts(written, backgroundFile);
}
