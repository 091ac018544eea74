// Builds one mix of the second blind set: a benign background with whole real attack sessions from
// almhuette-raith-2019 and secrepo-weblogs placed at plausible times under new attacker IPs.
// Placement is the first held-out set's (../holdout/); only the sources and the selection differ.

import { type Background, type BackgroundSpec, loadBackground } from '../holdout/backgrounds.js';
import { type AttackClass, type Context, type HoldoutMix, attackerIpAllocator, injectSession } from '../holdout/build-holdout-mix.js';
import { mergeInjected } from '../holdout/merge-injected.js';
import { seededRandom } from '../holdout/seeded-random.js';
import { type BlindSource, type ClientRule, type SourceClient, classifyClients } from './blind-sources.js';
import { combinedToCommon, loadCommonBackground } from './common-background.js';

export type Holdout2Background = BackgroundSpec | { file: string; format: 'common'; maxLines: number; skipLines?: number };

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
  const attackerIps: string[] = [];
  const hammerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const newIp = attackerIpAllocator(spec.name, attackerIps);
  for (const attack of spec.attacks) {
    const label = `${attack.source}-${attack.rule}`;
    const cls = CLASS_OF_RULE[attack.rule];
    attackClass[label] = cls;
    const ips = injectClients(ctx, spec.name, label, classifyClients(attack.source)[attack.rule], attack, newIp);
    if (cls === 'behavioural') hammerIps.push(...ips);
  }
  const merged = mergeInFormat(bg, ctx, spec.background.format);
  return { name: spec.name, ...merged, attackerIps, attackClass, hammerIps, backgroundLines: bg.lines.length };
}

/**
 * Places `clients` of the rule's pool (all when left out; a seeded choice), each under a new attacker
 * IP with its session or a run of `maxLines` of it. Returns the IPs used.
 */
export function injectClients(
  ctx: Context,
  mixName: string,
  label: string,
  pool: readonly SourceClient[],
  attack: Pick<Holdout2Attack, 'clients' | 'maxLines'>,
  newIp: () => string,
): string[] {
  const left = [...pool];
  const count = attack.clients ?? left.length;
  if (count > left.length || count === 0) throw new Error(`${mixName}: ${label} has ${left.length} clients, ${count} asked for`);
  const { random } = ctx;
  return Array.from({ length: count }, () => {
    const client = left.splice(random.below(left.length), 1)[0]!;
    const ip = newIp();
    injectSession(ctx, label, ip, runOf(client, attack.maxLines, random.below.bind(random)));
    return ip;
  });
}

/** The background with the injected lines merged in; on a common-format background they are written as common. */
export function mergeInFormat(bg: Background, ctx: Context, format: Holdout2Background['format']): ReturnType<typeof mergeInjected> {
  const merged = mergeInjected(bg, ctx.injected);
  if (format === 'common') for (const line of merged.anomalies.keys()) merged.lines[line - 1] = combinedToCommon(merged.lines[line - 1]!);
  return merged;
}

export function backgroundOf(spec: Holdout2Background): Background {
  return spec.format === 'common' ? loadCommonBackground(spec.file, spec.maxLines, spec.skipLines) : loadBackground(spec);
}

/** The whole session, or a run of `maxLines` consecutive requests with offsets from the run's first. */
function runOf(client: SourceClient, maxLines: number | undefined, below: (n: number) => number): SourceClient {
  if (maxLines === undefined || client.requests.length <= maxLines) return client;
  const start = below(client.requests.length - maxLines + 1);
  const first = client.offsetsMs[start]!;
  return {
    sourceIp: client.sourceIp,
    requests: client.requests.slice(start, start + maxLines),
    offsetsMs: client.offsetsMs.slice(start, start + maxLines).map((ms) => ms - first),
  };
}
