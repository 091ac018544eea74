// Builds one held-out mix: a benign background with real attack material from held-out sources
// injected at background times, each injected line labelled with its attack. Deterministic per seed.

import { type Background, type BackgroundSpec, loadBackground } from './backgrounds.js';
import { type CombinedLine, clfTimeToMs, pathOf } from './combined-line.js';
import { type HeaderAttack, headerAttackValue } from './header-attacks.js';
import {
  type SourceRequest,
  type SourceSession,
  basjesFormSessions,
  honeynetExploitRequests,
  honeynetSession,
  modsecSqliQueries,
  torpedaSqliGets,
} from './held-out-sources.js';
import { type Injected, lastAtOrBefore, mergeInjected } from './merge-injected.js';
import { type SeededRandom, seededRandom } from './seeded-random.js';

export type AttackClass = 'payload' | 'scanner' | 'behavioural';

export type HoldoutAttack =
  | { kind: 'modsec-sqli'; lines: number; ips: number }
  | { kind: 'torpeda-sqli'; lines: number; ips: number; placement: 'torpeda-path' | 'site-path' }
  | { kind: 'honeynet-exploit'; lines: number; ips: number }
  | { kind: 'header'; attack: HeaderAttack; lines: number; ips: number }
  | { kind: 'basjes-sessions'; sessions: number }
  | { kind: 'honeynet-scanner'; label: string; sourceIp: string; userAgent: RegExp; lines: number }
  | { kind: 'hammer'; lines: number; minutes: number }
  | { kind: 'credential-stuffing'; path: string; lines: number; minutes: number };

export interface HoldoutMixSpec {
  name: string;
  seed: number;
  background: BackgroundSpec;
  attacks: HoldoutAttack[];
}

export interface HoldoutMix {
  name: string;
  lines: string[];
  /** 1-based line number → attack label. */
  anomalies: Map<number, string>;
  attackerIps: string[];
  attackClass: Record<string, AttackClass>;
  /** Clients of behavioural attacks (judged per client, not per line). */
  hammerIps?: string[];
  /** Background lines kept (the rest of `lines` is injected). */
  backgroundLines: number;
}

export const PAYLOAD_STATUSES = ['200', '200', '400', '403', '404', '500'];

export function buildHoldoutMix(spec: HoldoutMixSpec): HoldoutMix {
  const random = seededRandom(spec.seed);
  const bg = loadBackground(spec.background);
  const attackerIps: string[] = [];
  const hammerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const newIp = attackerIpAllocator(spec.name, attackerIps);
  const injected: Injected[] = [];
  const ctx: Context = { random, bg, origin: siteOrigin(bg), injected };

  for (const attack of spec.attacks) {
    const { label, cls } = labelOf(attack);
    attackClass[label] = cls;
    switch (attack.kind) {
      case 'modsec-sqli':
      case 'torpeda-sqli':
      case 'honeynet-exploit':
      case 'header':
        injectSpread(ctx, label, Array.from({ length: attack.ips }, newIp), attack.lines, requestMaker(ctx, attack));
        break;
      case 'basjes-sessions': {
        const sessions = basjesFormSessions(4);
        for (let i = 0; i < attack.sessions; i++) injectSession(ctx, label, newIp(), sessions.splice(random.below(sessions.length), 1)[0]!);
        break;
      }
      case 'honeynet-scanner': {
        const session = honeynetSession(attack.sourceIp, attack.userAgent);
        const start = random.below(Math.max(1, session.requests.length - attack.lines));
        const slice = <T,>(list: readonly T[]): T[] => list.slice(start, start + attack.lines);
        injectSession(ctx, label, newIp(), { requests: slice(session.requests), offsetsMs: slice(session.offsetsMs) });
        break;
      }
      case 'hammer':
      case 'credential-stuffing': {
        const ip = newIp();
        hammerIps.push(ip);
        injectSession(ctx, label, ip, repeatedSession(ctx, attack));
        break;
      }
    }
  }
  return { name: spec.name, ...mergeInjected(bg, injected), attackerIps, attackClass, hammerIps, backgroundLines: bg.lines.length };
}

export interface Context {
  random: SeededRandom;
  bg: Background;
  /** Scheme and host the site's own referers use. */
  origin: string;
  injected: Injected[];
}

export function labelOf(attack: HoldoutAttack): { label: string; cls: AttackClass } {
  switch (attack.kind) {
    case 'header':
      return { label: attack.attack, cls: 'payload' };
    case 'basjes-sessions':
      return { label: 'basjes-form-abuse', cls: 'scanner' };
    case 'honeynet-scanner':
      return { label: attack.label, cls: 'scanner' };
    case 'hammer':
    case 'credential-stuffing':
      return { label: attack.kind, cls: 'behavioural' };
    default:
      return { label: attack.kind, cls: 'payload' };
  }
}

/** How one payload/header line of `attack` looks, given the background line it is placed next to. */
function requestMaker(ctx: Context, attack: HoldoutAttack): (host: CombinedLine) => SourceRequest {
  const { random } = ctx;
  const status = () => random.pick(PAYLOAD_STATUSES);
  const bytes = () => String(200 + random.below(5000));
  switch (attack.kind) {
    case 'modsec-sqli': {
      const queries = modsecSqliQueries();
      return (host) => ({ request: `GET ${pathOf(host.request)}?${random.pick(queries)} HTTP/1.1`, status: status(), bytes: bytes(), referer: '-', userAgent: host.userAgent });
    }
    case 'torpeda-sqli': {
      const gets = torpedaSqliGets();
      return (host) => {
        const { path, query } = random.pick(gets);
        const target = `${attack.placement === 'torpeda-path' ? path : pathOf(host.request)}?${query}`;
        return { request: `GET ${target} HTTP/1.1`, status: status(), bytes: bytes(), referer: '-', userAgent: host.userAgent };
      };
    }
    case 'honeynet-exploit': {
      const requests = honeynetExploitRequests();
      return () => random.pick(requests);
    }
    case 'header':
      // The attack rides on an ordinary request for a real page, answered as the site answered it.
      return (host) => {
        const value = headerAttackValue(attack.attack, random, ctx.origin);
        const ua = attack.attack.startsWith('ua-');
        return { request: host.request, status: host.status, bytes: host.bytes, referer: ua ? host.referer : value, userAgent: ua ? value : host.userAgent };
      };
    default:
      throw new Error(`requestMaker: ${attack.kind} is not a per-line attack`);
  }
}

/** `lines` requests from `ips`, each at the time of a random background line. */
export function injectSpread(ctx: Context, label: string, ips: string[], lines: number, make: (host: CombinedLine) => SourceRequest): void {
  for (let i = 0; i < lines; i++) {
    const at = ctx.random.below(ctx.bg.parsed.length);
    const request = make(ctx.bg.parsed[at]!);
    ctx.injected.push({ after: at, ms: ownTimeMs(ctx.bg, at), label, line: { ip: ctx.random.pick(ips), user: '-', time: '', ...request } });
  }
}

/**
 * A session keeps its real gaps, starting at a random time that lets it end inside the background;
 * a session longer than half the background is compressed to half of it.
 */
export function injectSession(ctx: Context, label: string, ip: string, session: SourceSession): void {
  const { timesMs } = ctx.bg;
  const first = timesMs[0]!;
  const span = timesMs[timesMs.length - 1]! - first;
  const duration = session.offsetsMs[session.offsetsMs.length - 1] ?? 0;
  const scale = duration > span / 2 ? span / 2 / duration : 1;
  const start = first + ctx.random.next() * (span - duration * scale);
  session.requests.forEach((request, i) => {
    const ms = start + session.offsetsMs[i]! * scale;
    const after = ctx.bg.clock === 'real' ? lastAtOrBefore(timesMs, ms) : Math.round(((ms - first) / span) * (timesMs.length - 1));
    ctx.injected.push({ after, ms: ctx.bg.clock === 'real' ? ms : ownTimeMs(ctx.bg, after), label, line: { ip, user: '-', time: '', ...request } });
  });
}

/** The time written on background line `at` (which may be earlier than its predecessor's: logs are not strictly sorted). */
function ownTimeMs(bg: Background, at: number): number {
  return clfTimeToMs(bg.parsed[at]!.time);
}

/** One client repeating one ordinary request: a page fetched (hammer) or a login form posted. */
function repeatedSession(ctx: Context, attack: Extract<HoldoutAttack, { kind: 'hammer' | 'credential-stuffing' }>): SourceSession {
  const { random, bg } = ctx;
  const browsers = bg.parsed.filter((l) => l.userAgent.startsWith('Mozilla/'));
  const userAgent = random.pick(browsers.length ? browsers : bg.parsed).userAgent;
  let request: SourceRequest;
  if (attack.kind === 'hammer') {
    // A page, not an asset: a path ending in "/" or ".html", or with no extension.
    const pages = bg.parsed.filter((l) => l.status === '200' && /^GET [^?\s]*(\/|\.html?|\/[^./?\s]+) HTTP/.test(l.request));
    const page = random.pick(pages);
    request = { request: page.request, status: '200', bytes: page.bytes, referer: '-', userAgent };
  } else {
    request = { request: `POST ${attack.path} HTTP/1.1`, status: '200', bytes: String(4000 + random.below(200)), referer: `${ctx.origin}${attack.path}`, userAgent };
  }
  const gapMs = (attack.minutes * 60_000) / attack.lines;
  return {
    requests: Array.from({ length: attack.lines }, () => request),
    offsetsMs: Array.from({ length: attack.lines }, (_, i) => Math.round(i * gapMs + random.next() * gapMs * 0.5)),
  };
}

/** The most frequent scheme and host among the background's referers: the site itself. */
function siteOrigin(bg: Background): string {
  const counts = new Map<string, number>();
  for (const { referer } of bg.parsed) {
    const origin = /^https?:\/\/[^/]+/.exec(referer)?.[0];
    if (origin) counts.set(origin, (counts.get(origin) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top?.[0] ?? 'http://www.example.com';
}

/** Hands out the pool's next attacker IP, recording it in `attackerIps` (one per client, never reused in a mix). */
export function attackerIpAllocator(mixName: string, attackerIps: string[]): () => string {
  const ips = attackerIpPool();
  return () => {
    const ip = ips.next().value;
    if (!ip) throw new Error(`${mixName}: more attacker IPs than the documentation ranges hold`);
    attackerIps.push(ip);
    return ip;
  };
}

export function* attackerIpPool(): Generator<string> {
  for (let i = 1; i <= 254; i++) yield `203.0.113.${i}`;
  for (let i = 1; i <= 200; i++) yield `192.0.2.${i}`;
}
