// The fifth blind set: honeynet 2004 request lines every earlier set's reader dropped (overlong
// WebDAV requests, binary requests), off-site requests of honeynet clients no earlier rule pool
// holds, and CSIC TORPEDA 2012 SQL injections that were sent as POST bodies (see README.md here).
// Do not look at these sources or the written logs while designing, and do not tune on them.

import { fileURLToPath } from 'node:url';
import { type WrittenHoldoutMix, writeMixFiles } from '../holdout/holdout-mixes.js';
import { type Holdout5MixSpec, buildHoldout5Mix } from './build-holdout5-mix.js';

export { buildHoldout5Mix, type Holdout5MixSpec } from './build-holdout5-mix.js';
export type { HoldoutMix } from '../holdout/build-holdout-mix.js';

/** tomcat-banner-2019 has 25,859 lines; the last 10,000 are the fourth set's tomcat background. */
const TOMCAT_LINES = 25_859;

/** overlong-request is not placed: its one distinct request line is in a test fixture (README.md). */
export const HOLDOUT5_MIXES: readonly Holdout5MixSpec[] = [
  {
    // A design background (hour-squeezed clock, see ../holdout/README.md).
    name: 'holdout5-elastic',
    seed: 7101,
    background: { file: 'elastic-apache-logs/apache_logs.log', format: 'combined', clock: 'hour-squeezed' },
    attacks: [
      { source: 'honeynet', rule: 'binary-request' },
      { source: 'honeynet', rule: 'offsite-prober', clients: 3, maxLines: 20 },
      { source: 'torpeda', rule: 'post-sqli', lines: 80, ips: 3 },
    ],
  },
  {
    // A real blog (netnea tutorial 5, converted to combined).
    name: 'holdout5-netnea5',
    seed: 7202,
    background: { file: 'netnea-tutorial-logs/tutorial-5-example-access.log', format: 'netnea-extended', clock: 'real' },
    attacks: [
      { source: 'honeynet', rule: 'binary-request' },
      { source: 'honeynet', rule: 'offsite-prober', clients: 3, maxLines: 20 },
      { source: 'torpeda', rule: 'post-sqli', lines: 80, ips: 3 },
    ],
  },
  {
    // The internal Tomcat application in Common Log Format, its last 10,000 lines (as the fourth
    // set): injected lines are written without referer and user agent.
    name: 'holdout5-tomcat',
    seed: 7303,
    background: { file: 'tomcat-banner-2019/localhost_access_log.txt', format: 'common', maxLines: 10_000, skipLines: TOMCAT_LINES - 10_000 },
    attacks: [
      { source: 'honeynet', rule: 'binary-request' },
      { source: 'honeynet', rule: 'offsite-prober', clients: 3, maxLines: 20 },
      { source: 'torpeda', rule: 'post-sqli', lines: 80, ips: 2 },
    ],
  },
  {
    // secrepo-weblogs 2021 without its probing clients, as in the third and fourth sets.
    name: 'holdout5-secrepo',
    seed: 7404,
    background: { file: 'secrepo-weblogs/access-2021-10-22_27.log', format: 'combined-quiet' },
    attacks: [
      { source: 'honeynet', rule: 'binary-request' },
      { source: 'honeynet', rule: 'offsite-prober', clients: 3, maxLines: 20 },
      { source: 'torpeda', rule: 'post-sqli', lines: 80, ips: 3 },
    ],
  },
];

export const HOLDOUT5_DIR = fileURLToPath(new URL('../../work/holdout5/', import.meta.url));

/** Writes `<name>.log`, `<name>.labels.csv` and `<name>.attacks.csv` under bench/work/holdout5/ (as ../holdout4/). */
export function writeHoldout5Mix(spec: Holdout5MixSpec): WrittenHoldoutMix {
  return writeMixFiles(buildHoldout5Mix(spec), HOLDOUT5_DIR);
}
