// Builds one mix of the fifth blind set: a benign background with honeynet 2004 lines every earlier
// set dropped (overlong and binary requests), off-site requests of honeynet clients no earlier pool
// holds, and TORPEDA SQL injections sent as POST bodies, under new attacker IPs. Placement is the
// first held-out set's (../holdout/), as in every set since.

import { type AttackClass, type Context, type HoldoutMix, attackerIpAllocator } from '../holdout/build-holdout-mix.js';
import { seededRandom } from '../holdout/seeded-random.js';
import { injectClients, mergeInFormat } from '../holdout2/build-holdout2-mix.js';
import { type Holdout3Background, loadHoldout3Background } from '../holdout3/build-holdout3-mix.js';
import { injectQueries } from '../holdout4/build-holdout4-mix.js';
import { type Blind5Rule, classifyBlind5Clients } from './blind5-sources.js';
import { torpedaPostBodies } from './torpeda-post-bodies.js';

export type Holdout5Attack =
  | {
      source: 'honeynet';
      rule: Blind5Rule;
      /** How many of the rule's clients (a seeded choice); all when left out. */
      clients?: number;
      /** A client with more lines keeps a run of this many consecutive ones, from a seeded start. */
      maxLines?: number;
    }
  /** POST-body SQL injections, each in the query of the path of a random background line, from `ips` attacker IPs. */
  | { source: 'torpeda'; rule: 'post-sqli'; lines: number; ips: number };

export interface Holdout5MixSpec {
  name: string;
  seed: number;
  background: Holdout3Background;
  attacks: Holdout5Attack[];
}

/** The WebDAV overflows carry an exploit in the target; binary requests and off-site requests probe. */
const CLASS_OF_RULE: Record<Blind5Rule, AttackClass> = { 'overlong-request': 'payload', 'binary-request': 'scanner', 'offsite-prober': 'scanner' };

export function buildHoldout5Mix(spec: Holdout5MixSpec): HoldoutMix {
  const random = seededRandom(spec.seed);
  const bg = loadHoldout3Background(spec.background);
  const ctx: Context = { random, bg, origin: '', injected: [] };
  const attackerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const newIp = attackerIpAllocator(spec.name, attackerIps);
  for (const attack of spec.attacks) {
    const label = `${attack.source}-${attack.rule}`;
    if (attack.rule === 'post-sqli') {
      attackClass[label] = 'payload';
      injectQueries(ctx, label, Array.from({ length: attack.ips }, newIp), attack.lines, torpedaPostBodies());
      continue;
    }
    attackClass[label] = CLASS_OF_RULE[attack.rule];
    injectClients(ctx, spec.name, label, classifyBlind5Clients()[attack.rule], attack, newIp);
  }
  const merged = mergeInFormat(bg, ctx, spec.background.format === 'common' ? 'common' : 'combined');
  return { name: spec.name, ...merged, attackerIps, attackClass, hammerIps: [], backgroundLines: bg.lines.length };
}
