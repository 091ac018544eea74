// The held-out mixes: backgrounds and attack sources that are NOT looked at while designing semlog's
// detectors (see README.md here), so that their scores measure how the detectors generalise.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type HoldoutMix, type HoldoutMixSpec, buildHoldoutMix } from './build-holdout-mix.js';
import { HONEYNET_NIKTO_IP } from './held-out-sources.js';

export { buildHoldoutMix, type HoldoutMix, type HoldoutMixSpec } from './build-holdout-mix.js';

const NIKTO = { kind: 'honeynet-scanner', label: 'honeynet-nikto', sourceIp: HONEYNET_NIKTO_IP, userAgent: /Nikto/ } as const;

export const HOLDOUT_MIXES: readonly HoldoutMixSpec[] = [
  {
    // A design background with held-out attacks only.
    name: 'holdout-elastic',
    seed: 101,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { kind: 'modsec-sqli', lines: 50, ips: 3 },
      { kind: 'honeynet-exploit', lines: 40, ips: 2 },
      { kind: 'header', attack: 'ua-log4shell', lines: 12, ips: 2 },
      { kind: 'header', attack: 'ua-shellshock', lines: 8, ips: 1 },
      { kind: 'header', attack: 'referer-sqli', lines: 10, ips: 1 },
      { ...NIKTO, lines: 300 },
      { kind: 'hammer', lines: 300, minutes: 5 },
    ],
  },
  {
    // The same design background with the other held-out sources.
    name: 'holdout-elastic-b',
    seed: 104,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { kind: 'torpeda-sqli', lines: 40, ips: 2, placement: 'torpeda-path' },
      { kind: 'honeynet-exploit', lines: 30, ips: 2 },
      { kind: 'header', attack: 'referer-xss', lines: 10, ips: 1 },
      { kind: 'header', attack: 'referer-log4shell', lines: 8, ips: 1 },
      { kind: 'basjes-sessions', sessions: 8 },
      { kind: 'honeynet-scanner', label: 'honeynet-php-probe', sourceIp: '211.75.221.105', userAgent: /MSIE 6\.0/, lines: 200 },
    ],
  },
  {
    // A new site: real production traffic to a blog (netnea tutorial 5), converted to combined.
    name: 'holdout-netnea5',
    seed: 202,
    background: { file: 'netnea-tutorial-logs/tutorial-5-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { kind: 'torpeda-sqli', lines: 50, ips: 2, placement: 'site-path' },
      { kind: 'modsec-sqli', lines: 30, ips: 2 },
      { kind: 'honeynet-exploit', lines: 30, ips: 2 },
      { kind: 'header', attack: 'referer-xss', lines: 10, ips: 1 },
      { kind: 'header', attack: 'referer-log4shell', lines: 8, ips: 1 },
      { kind: 'header', attack: 'ua-log4shell', lines: 8, ips: 1 },
      { kind: 'basjes-sessions', sessions: 6 },
      { kind: 'honeynet-scanner', label: 'honeynet-php-probe', sourceIp: '211.75.221.105', userAgent: /MSIE 6\.0/, lines: 200 },
      { kind: 'credential-stuffing', path: '/cds/login.do', lines: 200, minutes: 10 },
    ],
  },
  {
    // A new site whose benign traffic a WAF (CRS paranoia 4) scores high: one lab client replaying
    // Drupal use within about a minute, so only per-line attacks are placed here.
    name: 'holdout-netnea8',
    seed: 303,
    background: { file: 'netnea-tutorial-logs/tutorial-8-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { kind: 'torpeda-sqli', lines: 40, ips: 2, placement: 'torpeda-path' },
      { kind: 'modsec-sqli', lines: 40, ips: 2 },
      { kind: 'honeynet-exploit', lines: 30, ips: 2 },
      { kind: 'header', attack: 'ua-shellshock', lines: 8, ips: 1 },
      { kind: 'header', attack: 'referer-sqli', lines: 8, ips: 1 },
    ],
  },
];

export const HOLDOUT_DIR = fileURLToPath(new URL('../../work/holdout/', import.meta.url));

export interface WrittenHoldoutMix {
  mix: HoldoutMix;
  logFile: string;
  labelsFile: string;
  attacksFile: string;
}

/**
 * Writes `<name>.log`, `<name>.labels.csv` (file,line,label: the lines `semlog tune` can be scored
 * on; behavioural attacks are left out as in mixes.ts, since no one could label such a line from its
 * content) and `<name>.attacks.csv` (line,attack,class for every injected line, behavioural included).
 */
export function writeHoldoutMix(spec: HoldoutMixSpec): WrittenHoldoutMix {
  return writeMixFiles(buildHoldoutMix(spec), HOLDOUT_DIR);
}

/** Writes one built mix's three files into `dir` (the second blind set writes its own mixes with this too). */
export function writeMixFiles(mix: HoldoutMix, dir: string): WrittenHoldoutMix {
  mkdirSync(dir, { recursive: true });
  const logFile = `${dir}${mix.name}.log`;
  const labelsFile = `${dir}${mix.name}.labels.csv`;
  const attacksFile = `${dir}${mix.name}.attacks.csv`;
  const injected = [...mix.anomalies];
  const labelled = injected.filter(([, attack]) => mix.attackClass[attack] !== 'behavioural');
  writeFileSync(logFile, `${mix.lines.join('\n')}\n`);
  writeFileSync(labelsFile, `file,line,label\n${labelled.map(([line]) => `${logFile},${line},anomaly\n`).join('')}`);
  writeFileSync(attacksFile, `line,attack,class\n${injected.map(([line, attack]) => `${line},${attack},${mix.attackClass[attack]}\n`).join('')}`);
  return { mix, logFile, labelsFile, attacksFile };
}
