// Decides what each directive of a custom LogFormat feeds: a LogRecord field, the time, `extras`, or
// nothing. When a format logs one thing twice (%h and %a, %b and %O), the more precise one wins.
import { compileStrftime, type StrftimeParser } from '../strftime.js';
import type { Directive } from './tokenize-log-format.js';

export type FieldTarget =
  | { kind: 'clientIp' | 'user' | 'request' | 'method' | 'path' | 'query' | 'protocol' | 'status' | 'bytes' | 'target' }
  | { kind: 'referer' | 'userAgent' | 'cookie' | 'host' | 'ignore' | 'apacheTime' }
  | { kind: 'duration' | 'epoch'; msPerUnit: number }
  | { kind: 'fraction'; digits: number }
  | { kind: 'strftime'; parser: StrftimeParser }
  | { kind: 'extra'; key: string };

/**
 * Per LogRecord field, the directives that can fill it, best first: `letter` or `letter{arg}` (arg
 * lower-cased). The first one present fills the field; the others go to `extras`.
 */
const PREFERENCES: ReadonlyArray<ReadonlyArray<[string, FieldTarget]>> = [
  [['a', { kind: 'clientIp' }], ['h', { kind: 'clientIp' }]],
  [['>s', { kind: 'status' }], ['s', { kind: 'status' }]],
  [['b', { kind: 'bytes' }], ['B', { kind: 'bytes' }], ['O', { kind: 'bytes' }], ['S', { kind: 'bytes' }]],
  [['i{host}', { kind: 'host' }], ['v', { kind: 'host' }], ['V', { kind: 'host' }]],
  [
    ['D', { kind: 'duration', msPerUnit: 0.001 }],
    ['T{us}', { kind: 'duration', msPerUnit: 0.001 }],
    ['T{ms}', { kind: 'duration', msPerUnit: 1 }],
    ['T', { kind: 'duration', msPerUnit: 1000 }],
    ['T{s}', { kind: 'duration', msPerUnit: 1000 }],
  ],
  [['i{referer}', { kind: 'referer' }]],
  [['i{user-agent}', { kind: 'userAgent' }]],
  [['i{cookie}', { kind: 'cookie' }]],
  [['u', { kind: 'user' }]],
  [['r', { kind: 'request' }]],
];

/** When `%r` is logged, these only repeat parts of it. */
const REQUEST_PARTS: Readonly<Record<string, FieldTarget['kind']>> = Object.freeze({
  m: 'method', U: 'path', q: 'query', H: 'protocol',
});

const EXTRA_KEYS: Readonly<Record<string, string>> = Object.freeze({
  A: 'serverIp', p: 'serverPort', I: 'bytesIn', O: 'bytesOut', S: 'bytesTransferred', X: 'connectionStatus',
  R: 'handler', k: 'keepAlives', L: 'logId', P: 'pid', f: 'filename', v: 'serverName', V: 'serverName',
  s: 'originalStatus', D: 'durationUs', T: 'durationS', l: 'ident', '^FB': 'firstByteUs', h: 'remoteHost', a: 'remoteIp',
});

function signature(d: Directive): string {
  const base = d.modifier === '>' && d.letter === 's' ? '>s' : d.letter;
  return d.arg === '' ? base : `${base}{${d.arg.toLowerCase()}}`;
}

export function resolveTargets(directives: readonly Directive[]): FieldTarget[] {
  const targets: Array<FieldTarget | undefined> = directives.map((d) => timeTarget(d));
  const signatures = directives.map(signature);
  for (const group of PREFERENCES) {
    for (const [wanted, target] of group) {
      const index = signatures.findIndex((sig, i) => sig === wanted && targets[i] === undefined);
      if (index === -1) continue;
      targets[index] = target;
      break;
    }
  }
  const hasRequest = signatures.includes('r');
  return directives.map((d, i) => {
    const chosen = targets[i];
    if (chosen !== undefined) return chosen;
    if (d.text === '%U%q') return hasRequest ? { kind: 'ignore' } : { kind: 'target' };
    const part = REQUEST_PARTS[d.letter];
    if (part !== undefined && d.arg === '') return hasRequest ? { kind: 'ignore' } : ({ kind: part } as FieldTarget);
    return { kind: 'extra', key: extraKey(d) };
  });
}

function extraKey(d: Directive): string {
  if (d.arg === '') return EXTRA_KEYS[d.letter] ?? d.text;
  if (d.letter === 'p') return `${d.arg}Port`;
  if (d.letter === 'T') return d.arg === 'ms' ? 'durationMs' : d.arg === 'us' ? 'durationUs' : 'durationS';
  if (d.letter === 'a' || d.letter === 'h') return d.arg === 'c' ? `peer${d.letter === 'a' ? 'Ip' : 'Host'}` : d.text;
  if (d.letter === 'o') return `response:${d.arg}`;
  if (d.letter === 'C') return `cookie:${d.arg}`;
  return d.arg;
}

/** `%t` and `%{...}t`: several of them may build one timestamp (netnea: seconds, then `usec_frac`). */
function timeTarget(d: Directive): FieldTarget | undefined {
  if (d.letter !== 't') return undefined;
  if (d.arg === '') return { kind: 'apacheTime' };
  const arg = d.arg.replace(/^(begin|end):/, '');
  switch (arg) {
    case 'sec': return { kind: 'epoch', msPerUnit: 1000 };
    case 'msec': return { kind: 'epoch', msPerUnit: 1 };
    case 'usec': return { kind: 'epoch', msPerUnit: 0.001 };
    case 'msec_frac': return { kind: 'fraction', digits: 3 };
    case 'usec_frac': return { kind: 'fraction', digits: 6 };
    default: return { kind: 'strftime', parser: compileStrftime(arg) };
  }
}
