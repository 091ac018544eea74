// The second blind set: attack sessions from sources neither the design mixes nor the first held-out
// set use (almhuette-raith-2019, secrepo-weblogs), chosen by behaviour rules (see README.md here).
// Do not look at these sources or the written logs while designing, and do not tune on them.

import { fileURLToPath } from 'node:url';
import { type WrittenHoldoutMix, writeMixFiles } from '../holdout/holdout-mixes.js';
import { type Holdout2MixSpec, buildHoldout2Mix } from './build-holdout2-mix.js';

export { buildHoldout2Mix, type Holdout2MixSpec } from './build-holdout2-mix.js';
export type { HoldoutMix } from '../holdout/build-holdout-mix.js';

export const HOLDOUT2_MIXES: readonly Holdout2MixSpec[] = [
  {
    // A design background: a Joomla admin brute force and the 2018 secrepo scanners.
    name: 'holdout2-elastic',
    seed: 4101,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { source: 'secrepo-2018', rule: 'scanner', maxLines: 120 },
      { source: 'secrepo-2018', rule: 'payload' },
      { source: 'almhuette', rule: 'brute-force', clients: 1, maxLines: 300 },
    ],
  },
  {
    // A real blog (netnea tutorial 5, converted to combined): contact-form spam and the other scanners.
    name: 'holdout2-netnea5',
    seed: 4202,
    background: { file: 'netnea-tutorial-logs/tutorial-5-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { source: 'secrepo-2021', rule: 'scanner' },
      { source: 'almhuette', rule: 'scanner' },
      { source: 'secrepo-2018', rule: 'scanner', clients: 1, maxLines: 100 },
      { source: 'secrepo-2021', rule: 'payload' },
      { source: 'almhuette', rule: 'form-spam', clients: 3 },
    ],
  },
  {
    // An internal Tomcat application logging Common Log Format: injected lines are written in the
    // same format (no referer, no user agent), so that only request, status, bytes and timing differ.
    name: 'holdout2-tomcat',
    seed: 4303,
    background: { file: 'tomcat-banner-2019/localhost_access_log.txt', format: 'common', maxLines: 10_000 },
    attacks: [
      { source: 'secrepo-2018', rule: 'scanner', maxLines: 80 },
      { source: 'secrepo-2021', rule: 'scanner' },
      { source: 'almhuette', rule: 'scanner' },
      { source: 'secrepo-2018', rule: 'payload' },
      { source: 'secrepo-2021', rule: 'payload' },
      { source: 'almhuette', rule: 'brute-force', clients: 1, maxLines: 300 },
    ],
  },
];

export const HOLDOUT2_DIR = fileURLToPath(new URL('../../work/holdout2/', import.meta.url));

/** Writes `<name>.log`, `<name>.labels.csv` and `<name>.attacks.csv` under bench/work/holdout2/ (as ../holdout/). */
export function writeHoldout2Mix(spec: Holdout2MixSpec): WrittenHoldoutMix {
  return writeMixFiles(buildHoldout2Mix(spec), HOLDOUT2_DIR);
}
