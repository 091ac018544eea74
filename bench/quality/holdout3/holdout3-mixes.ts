// The third blind set: attack sessions that neither the design mixes nor the two earlier held-out
// sets use (secrepo 2022 probers; honeynet 2004, almhuette-raith and basjes clients), chosen by rules on
// method, path, status and counts (see README.md here), plus a small share of CSIC payload GETs.
// Do not look at these sources or the written logs while designing, and do not tune on them.

import { fileURLToPath } from 'node:url';
import { type WrittenHoldoutMix, writeMixFiles } from '../holdout/holdout-mixes.js';
import { type Holdout3MixSpec, buildHoldout3Mix } from './build-holdout3-mix.js';

export { buildHoldout3Mix, type Holdout3MixSpec } from './build-holdout3-mix.js';
export type { HoldoutMix } from '../holdout/build-holdout-mix.js';

export const HOLDOUT3_MIXES: readonly Holdout3MixSpec[] = [
  {
    // A design background: small probers, honeypot method probes, contact-form spam.
    name: 'holdout3-elastic',
    seed: 5101,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { source: 'secrepo-2022', rule: 'prober', clients: 10 },
      { source: 'honeynet', rule: 'method-probe', clients: 8, maxLines: 20 },
      { source: 'honeynet', rule: 'prober', clients: 1 },
      { source: 'csic2010', rule: 'payload', lines: 15, ips: 2 },
      { source: 'almhuette', rule: 'form-spam', clients: 2 },
    ],
  },
  {
    // A real blog (netnea tutorial 5, converted to combined): probers, a proxy-abuse scanner, brute force.
    name: 'holdout3-netnea5',
    seed: 5202,
    background: { file: 'netnea-tutorial-logs/tutorial-5-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { source: 'secrepo-2022', rule: 'prober', clients: 8 },
      { source: 'honeynet', rule: 'scanner', maxLines: 60 },
      { source: 'basjes', rule: 'prober' },
      { source: 'honeynet', rule: 'method-probe', clients: 6, maxLines: 20 },
      { source: 'csic2010', rule: 'payload', lines: 12, ips: 2 },
      { source: 'almhuette', rule: 'brute-force', maxLines: 300 },
    ],
  },
  {
    // An internal Tomcat application logging Common Log Format (as holdout2-tomcat): injected lines
    // are written without referer and user agent.
    name: 'holdout3-tomcat',
    seed: 5303,
    background: { file: 'tomcat-banner-2019/localhost_access_log.txt', format: 'common', maxLines: 10_000 },
    attacks: [
      { source: 'secrepo-2022', rule: 'prober', clients: 10 },
      { source: 'honeynet', rule: 'prober' },
      { source: 'basjes', rule: 'prober' },
      { source: 'honeynet', rule: 'method-probe', clients: 6, maxLines: 20 },
      { source: 'csic2010', rule: 'payload', lines: 12, ips: 2 },
      { source: 'honeynet', rule: 'form-spam' },
      { source: 'almhuette', rule: 'form-spam', clients: 1 },
    ],
  },
  {
    // A background not used for mixes before: secrepo-weblogs 2021 without its probing clients
    // (quiet-background.ts); its crawlers and unlabelled bots stay and count as normal.
    name: 'holdout3-secrepo',
    seed: 5404,
    background: { file: 'secrepo-weblogs/access-2021-10-22_27.log', format: 'combined-quiet' },
    attacks: [
      { source: 'secrepo-2022', rule: 'prober', clients: 12 },
      { source: 'honeynet', rule: 'method-probe', clients: 8, maxLines: 20 },
      { source: 'honeynet', rule: 'scanner', maxLines: 80 },
      { source: 'basjes', rule: 'method-probe' },
      { source: 'csic2010', rule: 'payload', lines: 15, ips: 2 },
      { source: 'almhuette', rule: 'brute-force', maxLines: 300 },
    ],
  },
];

export const HOLDOUT3_DIR = fileURLToPath(new URL('../../work/holdout3/', import.meta.url));

/** Writes `<name>.log`, `<name>.labels.csv` and `<name>.attacks.csv` under bench/work/holdout3/ (as ../holdout2/). */
export function writeHoldout3Mix(spec: Holdout3MixSpec): WrittenHoldoutMix {
  return writeMixFiles(buildHoldout3Mix(spec), HOLDOUT3_DIR);
}
