// Builds one mix of the second blind set: a benign background with whole real attack sessions from
// almhuette-raith-2019 and secrepo-weblogs placed at plausible times under new attacker IPs.
// Placement is the first held-out set's (../holdout/); only the sources and the selection differ.

import { type Background, type BackgroundSpec, loadBackground } from '../holdout/backgrounds.js';
import { type AttackClass, type Context, type HoldoutMix, attackerIpPool, injectSession } from '../holdout/build-holdout-mix.js';
import { mergeInjected } from '../holdout/merge-injected.js';
import { seededRandom } from '../holdout/seeded-random.js';
import { type BlindSource, type ClientRule, type SourceClient, classifyClients } from './blind-sources.js';
import { combinedToCommon, loadCommonBackground } from './common-background.js';

export type Holdout2Background = BackgroundSpec | { file: string; format: 'common'; maxLines: number };

export interface Holdout2Attack {
  source: BlindSource;
  rule: ClientRule;
  /** How many of the rule's clients (a seeded choice); all when left out. */
  clients?: number;
  /** A client with more requests keeps a run of this many consecutive ones, from a seeded start. */
  maxLines?: number;
}

export interface Holdout2MixSpec {
  name: string;
  seed: number;
  background: Holdout2Background;
  attacks: Holdout2Attack[];
}

export const CLASS_OF_RULE: Record<ClientRule, AttackClass> = {
  'brute-force': 'behavioural',
  'form-spam': 'behavioural',
  scanner: 'scanner',
  payload: 'payload',
};

export function buildHoldout2Mix(spec: Holdout2MixSpec): HoldoutMix {
  const random = seededRandom(spec.seed);
  const bg = backgroundOf(spec.background);
  const ctx: Context = { random, bg, origin: '', injected: [] };
  const ips = attackerIpPool();
  const attackerIps: string[] = [];
  const hammerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  for (const attack of spec.attacks) {
    const label = `${attack.source}-${attack.rule}`;
    const cls = CLASS_OF_RULE[attack.rule];
    attackClass[label] = cls;
    const pool = [...classifyClients(attack.source)[attack.rule]];
    const count = attack.clients ?? pool.length;
    if (count > pool.length || count === 0) throw new Error(`${spec.name}: ${label} has ${pool.length} clients, ${count} asked for`);
    for (let i = 0; i < count; i++) {
      const client = pool.splice(random.below(pool.length), 1)[0]!;
      const ip = ips.next().value;
      if (!ip) throw new Error(`${spec.name}: more attacker IPs than the documentation ranges hold`);
      attackerIps.push(ip);
      if (cls === 'behavioural') hammerIps.push(ip);
      injectSession(ctx, label, ip, runOf(client, attack.maxLines, random.below.bind(random)));
    }
  }
  const merged = mergeInjected(bg, ctx.injected);
  if (spec.background.format === 'common') for (const line of merged.anomalies.keys()) merged.lines[line - 1] = combinedToCommon(merged.lines[line - 1]!);
  return { name: spec.name, ...merged, attackerIps, attackClass, hammerIps, backgroundLines: bg.lines.length };
}

export function backgroundOf(spec: Holdout2Background): Background {
  return spec.format === 'common' ? loadCommonBackground(spec.file, spec.maxLines) : loadBackground(spec);
}

/** The whole session, or a run of `maxLines` consecutive requests with offsets from the run's first. */
export function runOf(client: SourceClient, maxLines: number | undefined, below: (n: number) => number): SourceClient {
  if (maxLines === undefined || client.requests.length <= maxLines) return client;
  const start = below(client.requests.length - maxLines + 1);
  const first = client.offsetsMs[start]!;
  return {
    sourceIp: client.sourceIp,
    requests: client.requests.slice(start, start + maxLines),
    offsetsMs: client.offsetsMs.slice(start, start + maxLines).map((ms) => ms - first),
  };
}
