// The labelled mixes used to choose defaults and to report quality. A and B share a background and
// differ in their attacks (tune on one, check on the other); C has another site as background.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildMix, labelsCsv, type Mix, type MixSpec } from './build-mix.js';

export const MIXES: readonly MixSpec[] = [
  {
    name: 'elastic-a',
    seed: 11,
    background: 'elastic-apache-logs/apache_logs.log',
    attacks: [
      { kind: 'payload', attackType: 'sqli', lines: 60, ips: 3 },
      { kind: 'payload', attackType: 'xss', lines: 40, ips: 2 },
      { kind: 'scanner', scanner: 'acunetix', lines: 300 },
      { kind: 'hammer', lines: 300 },
    ],
  },
  {
    name: 'elastic-b',
    seed: 22,
    background: 'elastic-apache-logs/apache_logs.log',
    attacks: [
      { kind: 'payload', attackType: 'cmdi', lines: 40, ips: 2 },
      { kind: 'payload', attackType: 'path-traversal', lines: 40, ips: 2 },
      { kind: 'fwaf', lines: 60, ips: 3 },
      { kind: 'scanner', scanner: 'netsparker', lines: 300 },
    ],
  },
  {
    name: 'tomcat-c',
    seed: 33,
    background: 'tomcat-banner-2019/localhost_access_log.txt',
    attacks: [
      { kind: 'payload', attackType: 'sqli', lines: 50, ips: 2 },
      { kind: 'payload', attackType: 'xss', lines: 30, ips: 2 },
      { kind: 'fwaf', lines: 50, ips: 2 },
      { kind: 'scanner', scanner: 'w3af', lines: 300 },
    ],
  },
];

export const MIX_DIR = fileURLToPath(new URL('../work/mixes/', import.meta.url));

export interface WrittenMix {
  spec: MixSpec;
  mix: Mix;
  logFile: string;
  labelsFile: string;
}

/** Writes `<name>.log` and `<name>.labels.csv` under bench/work/mixes/. */
export function writeMix(spec: MixSpec): WrittenMix {
  mkdirSync(MIX_DIR, { recursive: true });
  const mix = buildMix(spec);
  const logFile = `${MIX_DIR}${spec.name}.log`;
  const labelsFile = `${MIX_DIR}${spec.name}.labels.csv`;
  writeFileSync(logFile, `${mix.lines.join('\n')}\n`);
  writeFileSync(labelsFile, labelsCsv(logFile, mix));
  return { spec, mix, logFile, labelsFile };
}
