// Builds one mix of the fourth blind set: a benign background with whole real sessions of clients no
// earlier set's rule pool holds (honeynet 2004 repeat probers, secrepo 2018 small probers) and a few
// modsec-learn and TORPEDA SQL injections the first set never placed, under new attacker IPs.
// Placement is the first held-out set's (../holdout/), as in the second and third sets.

import { type AttackClass, type Context, type HoldoutMix, PAYLOAD_STATUSES, attackerIpAllocator, injectSpread } from '../holdout/build-holdout-mix.js';
import { pathOf } from '../holdout/combined-line.js';
import { seededRandom } from '../holdout/seeded-random.js';
import { injectClients, mergeInFormat } from '../holdout2/build-holdout2-mix.js';
import { type Holdout3Background, loadHoldout3Background } from '../holdout3/build-holdout3-mix.js';
import { type Blind4Rule, type Blind4Source, classifyBlind4Clients } from './blind4-sources.js';
import { unplacedSqliPayloads } from './unplaced-payloads.js';

export type Holdout4Attack =
  | {
      source: Blind4Source;
      rule: Blind4Rule;
      /** How many of the rule's clients (a seeded choice); all when left out. */
      clients?: number;
      /** A client with more requests keeps a run of this many consecutive ones, from a seeded start. */
      maxLines?: number;
    }
  /** SQL injections the first set never placed, each in the query of the path of a random background line, from `ips` attacker IPs. */
  | { source: 'modsec' | 'torpeda'; rule: 'unplaced-sqli'; lines: number; ips: number };

export interface Holdout4MixSpec {
  name: string;
  seed: number;
  background: Holdout3Background;
  attacks: Holdout4Attack[];
}

export function buildHoldout4Mix(spec: Holdout4MixSpec): HoldoutMix {
  const random = seededRandom(spec.seed);
  const bg = loadHoldout3Background(spec.background);
  const ctx: Context = { random, bg, origin: '', injected: [] };
  const attackerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const newIp = attackerIpAllocator(spec.name, attackerIps);
  for (const attack of spec.attacks) {
    const label = `${attack.source}-${attack.rule}`;
    if (attack.rule === 'unplaced-sqli') {
      attackClass[label] = 'payload';
      const queries = sqliQueries(attack.source);
      // As the first held-out set's modsec lines: the neighbour's path and user agent, no referer.
      injectSpread(ctx, label, Array.from({ length: attack.ips }, newIp), attack.lines, (host) => ({
        request: `GET ${pathOf(host.request)}?${random.pick(queries)} HTTP/1.1`,
        status: random.pick(PAYLOAD_STATUSES),
        bytes: String(200 + random.below(5000)),
        referer: '-',
        userAgent: host.userAgent,
      }));
      continue;
    }
    attackClass[label] = 'scanner';
    injectClients(ctx, spec.name, label, classifyBlind4Clients(attack.source)[attack.rule], attack, newIp);
  }
  const merged = mergeInFormat(bg, ctx, spec.background.format === 'common' ? 'common' : 'combined');
  return { name: spec.name, ...merged, attackerIps, attackClass, hammerIps: [], backgroundLines: bg.lines.length };
}

function sqliQueries(source: 'modsec' | 'torpeda'): string[] {
  const { modsec, torpeda } = unplacedSqliPayloads();
  return source === 'modsec' ? modsec : torpeda.map((r) => r.query);
}
