// The fourth blind set: sessions of clients that no earlier set's rule pool holds (honeynet 2004
// repeat probers, secrepo 2018 small probers), chosen by rules on method, path, status and counts
// (see README.md here), plus a small share of the first set's SQL injections it never placed.
// Do not look at these sources or the written logs while designing, and do not tune on them.

import { fileURLToPath } from 'node:url';
import { type WrittenHoldoutMix, writeMixFiles } from '../holdout/holdout-mixes.js';
import { type Holdout4MixSpec, buildHoldout4Mix } from './build-holdout4-mix.js';

export { buildHoldout4Mix, type Holdout4MixSpec } from './build-holdout4-mix.js';
export type { HoldoutMix } from '../holdout/build-holdout-mix.js';

/** tomcat-banner-2019 has 25,859 lines; the second and third sets took the first 10,000 (20 Jun, morning). */
const TOMCAT_LINES = 25_859;

export const HOLDOUT4_MIXES: readonly Holdout4MixSpec[] = [
  {
    // A design background: repeat probers, a distributed two-request login probe, SQL injections.
    name: 'holdout4-elastic',
    seed: 6101,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { source: 'honeynet', rule: 'repeat-prober', clients: 6 },
      { source: 'secrepo-2018', rule: 'small-prober', clients: 12 },
      { source: 'modsec', rule: 'unplaced-sqli', lines: 20, ips: 2 },
      { source: 'torpeda', rule: 'unplaced-sqli', lines: 10, ips: 1 },
    ],
  },
  {
    // A real blog (netnea tutorial 5, converted to combined).
    name: 'holdout4-netnea5',
    seed: 6202,
    background: { file: 'netnea-tutorial-logs/tutorial-5-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { source: 'honeynet', rule: 'repeat-prober', clients: 5 },
      { source: 'secrepo-2018', rule: 'small-prober', clients: 15 },
      { source: 'almhuette', rule: 'small-prober' },
      { source: 'modsec', rule: 'unplaced-sqli', lines: 15, ips: 2 },
      { source: 'torpeda', rule: 'unplaced-sqli', lines: 15, ips: 2 },
    ],
  },
  {
    // The internal Tomcat application in Common Log Format, its last 10,000 lines (20 Jun afternoon
    // to 21 Jun), which no held-out set used: injected lines are written without referer and user agent.
    name: 'holdout4-tomcat',
    seed: 6303,
    background: { file: 'tomcat-banner-2019/localhost_access_log.txt', format: 'common', maxLines: 10_000, skipLines: TOMCAT_LINES - 10_000 },
    attacks: [
      { source: 'honeynet', rule: 'repeat-prober', clients: 6 },
      { source: 'secrepo-2018', rule: 'small-prober', clients: 10 },
      { source: 'modsec', rule: 'unplaced-sqli', lines: 15, ips: 2 },
      { source: 'torpeda', rule: 'unplaced-sqli', lines: 10, ips: 1 },
    ],
  },
  {
    // secrepo-weblogs 2021 without its probing clients, as in the third set (../holdout3/quiet-background.ts).
    name: 'holdout4-secrepo',
    seed: 6404,
    background: { file: 'secrepo-weblogs/access-2021-10-22_27.log', format: 'combined-quiet' },
    attacks: [
      { source: 'honeynet', rule: 'repeat-prober', clients: 6 },
      { source: 'secrepo-2018', rule: 'small-prober', clients: 12 },
      { source: 'modsec', rule: 'unplaced-sqli', lines: 15, ips: 2 },
      { source: 'torpeda', rule: 'unplaced-sqli', lines: 10, ips: 1 },
    ],
  },
];

export const HOLDOUT4_DIR = fileURLToPath(new URL('../../work/holdout4/', import.meta.url));

/** Writes `<name>.log`, `<name>.labels.csv` and `<name>.attacks.csv` under bench/work/holdout4/ (as ../holdout3/). */
export function writeHoldout4Mix(spec: Holdout4MixSpec): WrittenHoldoutMix {
  return writeMixFiles(buildHoldout4Mix(spec), HOLDOUT4_DIR);
}
