// Builds one mix of the third blind set: a benign background with whole real sessions from
// secrepo 2022, honeynet 2004 and almhuette-raith (clients earlier sets did not use) and a few CSIC
// payload lines, placed under new attacker IPs. Placement is the first held-out set's (../holdout/).

import type { Background } from '../holdout/backgrounds.js';
import { type AttackClass, type Context, type HoldoutMix, PAYLOAD_STATUSES, attackerIpAllocator, injectSpread } from '../holdout/build-holdout-mix.js';
import { seededRandom } from '../holdout/seeded-random.js';
import { CLASS_OF_RULE, type Holdout2Background, backgroundOf, injectClients, mergeInFormat } from '../holdout2/build-holdout2-mix.js';
import { type Blind3Rule, type Blind3Source, classifyBlind3Clients } from './blind3-sources.js';
import { csicPayloadGets } from './csic-payloads.js';
import { loadQuietBackground } from './quiet-background.js';

export type Holdout3Background = Holdout2Background | { file: string; format: 'combined-quiet' };

export type Holdout3Attack =
  | {
      source: Blind3Source;
      rule: Blind3Rule;
      /** How many of the rule's clients (a seeded choice); all when left out. */
      clients?: number;
      /** A client with more requests keeps a run of this many consecutive ones, from a seeded start. */
      maxLines?: number;
    }
  /** CSIC payload GETs, each after a random background line, from `ips` attacker IPs. */
  | { source: 'csic2010'; rule: 'payload'; lines: number; ips: number };

export interface Holdout3MixSpec {
  name: string;
  seed: number;
  background: Holdout3Background;
  attacks: Holdout3Attack[];
}

const CLASS_OF_BLIND3_RULE: Record<Blind3Rule, AttackClass> = { ...CLASS_OF_RULE, prober: 'scanner', 'method-probe': 'scanner' };

export function buildHoldout3Mix(spec: Holdout3MixSpec): HoldoutMix {
  const random = seededRandom(spec.seed);
  const bg = loadHoldout3Background(spec.background);
  const ctx: Context = { random, bg, origin: '', injected: [] };
  const attackerIps: string[] = [];
  const hammerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const newIp = attackerIpAllocator(spec.name, attackerIps);
  for (const attack of spec.attacks) {
    const label = `${attack.source}-${attack.rule}`;
    const cls = CLASS_OF_BLIND3_RULE[attack.rule];
    attackClass[label] = cls;
    if (attack.source === 'csic2010') {
      const gets = csicPayloadGets();
      const status = () => random.pick(PAYLOAD_STATUSES);
      // As the first held-out set's payloads: the user agent of the neighbouring line, no referer.
      injectSpread(ctx, label, Array.from({ length: attack.ips }, newIp), attack.lines, (host) => ({
        request: random.pick(gets), status: status(), bytes: String(200 + random.below(5000)), referer: '-', userAgent: host.userAgent,
      }));
      continue;
    }
    const ips = injectClients(ctx, spec.name, label, classifyBlind3Clients(attack.source)[attack.rule], attack, newIp);
    if (cls === 'behavioural') hammerIps.push(...ips);
  }
  const merged = mergeInFormat(bg, ctx, spec.background.format === 'common' ? 'common' : 'combined');
  return { name: spec.name, ...merged, attackerIps, attackClass, hammerIps, backgroundLines: bg.lines.length };
}

export function loadHoldout3Background(spec: Holdout3Background): Background {
  return spec.format === 'combined-quiet' ? loadQuietBackground(spec.file) : backgroundOf(spec);
}
