// Builds a labelled evaluation log: real benign traffic from ../shared/data with real attack content
// injected (HttpParams/FWAF payloads placed into real paths, real scanner sessions, a hammering bot).
// Every injected line is labelled `anomaly`, every background line `normal`.

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../parse/make-log.js';
import type { AttackClass } from './detection-metrics.js';
import { BEHAVIOURAL_ATTACKS } from './score-analysis.js';
import { mulberry32 } from '../../src/mulberry32.js';

export type AttackSpec =
  | { kind: 'payload'; attackType: 'sqli' | 'xss' | 'cmdi' | 'path-traversal'; lines: number; ips: number }
  | { kind: 'fwaf'; lines: number; ips: number }
  | { kind: 'scanner'; scanner: 'acunetix' | 'netsparker' | 'w3af'; lines: number }
  | { kind: 'hammer'; lines: number };

export interface MixSpec {
  name: string;
  seed: number;
  /** A combined-format log under ../shared/data. */
  background: string;
  attacks: AttackSpec[];
}

export interface Mix {
  lines: string[];
  /** 1-based line numbers of injected lines, with the attack that produced each. */
  anomalies: Map<number, string>;
  attackerIps: string[];
  /** Class of every attack label: payload and scanner lines are judged line by line, behavioural ones per client. */
  attackClass: Record<string, AttackClass>;
  /** Clients whose attack is behavioural (the hammering client). */
  behaviouralIps: string[];
}

// ip ident user [time] "request" status bytes rest
const COMBINED = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+)(.*)$/;

interface Line {
  ip: string;
  time: string;
  request: string;
  status: string;
  rest: string;
}

const PARAMS: Record<string, string[]> = {
  sqli: ['id', 'user', 'q', 'cat', 'order'],
  xss: ['q', 'search', 'name', 'comment', 'redirect'],
  'path-traversal': ['file', 'page', 'path', 'template', 'doc'],
  cmdi: ['cmd', 'host', 'ip', 'exec', 'ping'],
};

export function buildMix(spec: MixSpec): Mix {
  const random = mulberry32(spec.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const background = readLines(SHARED_DATA + spec.background).filter((l) => COMBINED.test(l));
  const parsed = background.map((l) => toLine(l)!);
  const injected: Array<{ at: number; text: string; attack: string }> = [];
  const attackerIps: string[] = [];
  const attackClass: Record<string, AttackClass> = {};
  const behaviouralIps: string[] = [];
  let nextIp = 1;
  const newIp = () => {
    const ip = `198.51.${100 + Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
    attackerIps.push(ip);
    return ip;
  };
  const near = (at: number) => parsed[Math.min(at, parsed.length - 1)]!;

  for (const attack of spec.attacks) {
    if (attack.kind === 'payload' || attack.kind === 'fwaf') {
      const payloads = attack.kind === 'payload' ? httpParams(attack.attackType) : fwafQueries();
      const ips = Array.from({ length: attack.ips }, newIp);
      for (let i = 0; i < attack.lines; i++) {
        const at = Math.floor(random() * parsed.length);
        const host = near(at);
        const target =
          attack.kind === 'fwaf'
            ? pick(payloads)
            : `${pathOf(host.request)}?${pick(PARAMS[attack.attackType]!)}=${encodeURIComponent(pick(payloads))}`;
        const status = pick(['200', '200', '400', '403', '404', '500']);
        const label = attack.kind === 'payload' ? attack.attackType : 'fwaf';
        attackClass[label] = 'payload';
        injected.push({ at, attack: label, text: `${pick(ips)} - - [${host.time}] "GET ${target} HTTP/1.1" ${status} ${200 + Math.floor(random() * 5000)}${host.rest}` });
      }
    } else if (attack.kind === 'scanner') {
      const ip = newIp();
      attackClass[attack.scanner] = 'scanner';
      const source = readLines(`${SHARED_DATA}ocatak-apache-scans/${attack.scanner}.log`);
      const start = Math.floor(random() * Math.max(1, source.length - attack.lines));
      const first = Math.floor(random() * parsed.length * 0.8);
      source.slice(start, start + attack.lines).forEach((raw, i) => {
        const line = toLine(raw.replace(/^"/, '').replace(/"$/, ''));
        if (!line) return;
        const at = Math.min(first + i, parsed.length - 1);
        injected.push({ at, attack: attack.scanner, text: `${ip} - - [${near(at).time}] "${line.request}" ${line.status} 0${line.rest}` });
      });
    } else {
      // One client fetching one real page over and over with an ordinary browser user agent.
      const ip = newIp();
      attackClass.hammer = 'behavioural';
      behaviouralIps.push(ip);
      const page = near(Math.floor(random() * parsed.length));
      const first = Math.floor(random() * parsed.length * 0.5);
      for (let i = 0; i < attack.lines; i++) {
        const at = Math.min(first + Math.floor(i / 10), parsed.length - 1); // ten requests per background line: a burst
        injected.push({ at, attack: 'hammer', text: `${ip} - - [${near(at).time}] "GET ${pathOf(page.request)} HTTP/1.1" 200 5120${page.rest}` });
      }
    }
  }

  // Place each injected line right after its background neighbour, keeping the log in time order.
  injected.sort((a, b) => a.at - b.at);
  const lines: string[] = [];
  const anomalies = new Map<number, string>();
  let next = 0;
  background.forEach((line, i) => {
    lines.push(line);
    while (next < injected.length && injected[next]!.at === i) {
      lines.push(injected[next]!.text);
      anomalies.set(lines.length, injected[next]!.attack);
      next++;
    }
  });
  return { lines, anomalies, attackerIps, attackClass, behaviouralIps };
}

/**
 * The labels file `semlog tune` reads: file,line,label, with only anomalies listed (the rest are
 * normal). Behavioural attacks (ordinary requests repeated) are left out, as in score-analysis.ts:
 * they are an IP-level finding, not a line anyone could label from its content.
 */
export function labelsCsv(file: string, mix: Mix): string {
  const rows = [...mix.anomalies]
    .filter(([, attack]) => !BEHAVIOURAL_ATTACKS.has(attack))
    .map(([line]) => `${file},${line},anomaly`);
  return `file,line,label\n${rows.join('\n')}\n`;
}

function toLine(raw: string): Line | undefined {
  const m = COMBINED.exec(raw);
  if (!m) return undefined;
  return { ip: m[1]!, time: m[4]!, request: m[5]!, status: m[6]!, rest: m[8]! };
}

function pathOf(request: string): string {
  const target = request.split(' ')[1] ?? '/';
  return target.split('?')[0]!;
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/);
}

let httpParamsCache: Map<string, string[]> | undefined;
function httpParams(attackType: string): string[] {
  if (!httpParamsCache) {
    httpParamsCache = new Map();
    // payload,length,attack_type,label — payloads may hold commas, doubled quotes and line breaks.
    for (const [payload, , type] of parseCsv(readFileSync(`${SHARED_DATA}httpparams/payload_full.csv`, 'utf8')).slice(1)) {
      if (payload === undefined || type === undefined) continue;
      const list = httpParamsCache.get(type) ?? [];
      list.push(payload);
      httpParamsCache.set(type, list);
    }
  }
  const payloads = httpParamsCache.get(attackType);
  if (!payloads?.length) throw new Error(`no HttpParams payloads of type ${attackType}`);
  return payloads;
}

/** RFC 4180 CSV: quoted fields may contain separators, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** FWAF lines are raw request targets; spaces and quotes are escaped as a client would send them. */
function fwafQueries(): string[] {
  return readLines(`${SHARED_DATA}fwaf-queries/badqueries.txt`)
    .filter((q) => q.startsWith('/'))
    .map((q) => q.replace(/[\s"]/g, (ch) => encodeURIComponent(ch)));
}
