// How unusual each distinct request's characters are for the field they stand in (Kruegel & Vigna's
// character model, per field): the path against the site's paths, each query value against the
// values other clients send in the same parameter of the same route (else the same parameter
// anywhere, else any parameter). Attack payloads need quotes, brackets, semicolons and spaces that a
// parameter's normal values never hold; a parameter that carries free text learns them from its users.
//
// Support is counted in distinct *other* clients, never in requests: a scanner repeating `'` a
// thousand times does not make a quote normal, and the request's own clients never vouch for it.
// A character used by S of the N other clients of a field costs log2((N + 1) / (S + 1)) bits.

import { ClientSets } from './client-sets.js';
import { requestParts, type RequestParts } from './request-parts.js';

/** Distinct clients counted per field and per character; log2(CAP + 1) = 8 bits is the most one character costs. */
const CAP = 255;
/**
 * A baseline keeps no clients: each of its requests vouches as a client of its own (it is known to be
 * clean), up to this many per distinct text.
 */
const REFERENCE_WEIGHT = 16;
/** Other clients a field needs before its own model is used instead of a wider one. */
const MIN_FIELD_CLIENTS = 3;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

export interface FieldNovelty {
  /** Bits of unusual characters per distinct text. */
  bits: Float32Array;
  /** The most unusual characters of a text with their fields, for a finding's reasons. */
  explain(id: number): string | undefined;
}

/**
 * `clientsOf(id)` lists (some of) the clients that sent text `id`; the more listed, the better
 * its characters vouch for others' texts. Where `vouches(client, id)` is false (a hostile client,
 * a request that carries an attack signature) nothing is learned: several attacker addresses
 * sending the same payloads teach nothing.
 * With `reference` (a baseline's texts and counts), the fields are learned from those instead.
 */
export function fieldNovelty(
  texts: readonly string[],
  clientsOf: (id: number) => ArrayLike<number>,
  vouches: (client: number, id: number) => boolean = () => true,
  reference?: { texts: readonly string[]; counts: ArrayLike<number> },
): FieldNovelty {
  if (reference !== undefined) return baselineFieldNovelty(reference)(texts);
  const parts = texts.map(requestParts);
  const model = learnFields(parts, (id) => Array.from(clientsOf(id)).filter((client) => vouches(client, id)), false);
  return scoreFields(model, parts, clientsOf, false);
}

/**
 * Against a baseline the known-clean texts teach the fields, each as one client of its own (the
 * baseline keeps no clients), and today's clients vouch for nothing: a campaign from many addresses
 * must not make its own payloads normal. Learned once; the function scores any texts against it
 * (`semlog watch` scores each batch as it arrives).
 */
export function baselineFieldNovelty(reference: { texts: readonly string[]; counts: ArrayLike<number> }): (texts: readonly string[]) => FieldNovelty {
  let nextTeacher = 0;
  const teachersOf = (id: number) => Array.from({ length: Math.min(reference.counts[id]!, REFERENCE_WEIGHT) }, () => nextTeacher++);
  const model = learnFields(reference.texts.map(requestParts), teachersOf, true);
  const noClients = new Int32Array(0);
  return (texts) => scoreFields(model, texts.map(requestParts), () => noClients, true);
}

interface FieldModel {
  fieldClients: ClientSets;
  symbolClients: ClientSets;
}

/** `vocabulary`: also learn which paths the site serves and which parameters each route takes (baselines). */
function learnFields(teachers: readonly RequestParts[], teachersOf: (id: number) => ArrayLike<number>, vocabulary: boolean): FieldModel {
  const fieldClients = new ClientSets(CAP);
  const symbolClients = new ClientSets(CAP);
  teachers.forEach((request, id) => {
    const clients = teachersOf(id);
    forEachField(request, vocabulary, (field, tokens) => {
      for (let i = 0; i < clients.length; i++) fieldClients.add(field, clients[i]!);
      for (const token of tokens) for (let i = 0; i < clients.length; i++) symbolClients.add(`${field}\u0000${token}`, clients[i]!);
    });
  });
  return { fieldClients, symbolClients };
}

/** `excludedOf(id)`: the clients of text `id`, which do not vouch for their own characters. */
function scoreFields(model: FieldModel, parts: readonly RequestParts[], excludedOf: (id: number) => ArrayLike<number>, vocabulary: boolean): FieldNovelty {
  const { fieldClients, symbolClients } = model;
  const scored = parts.map((request, id) => {
    const excluded = excludedOf(id);
    let bits = 0;
    const unusual: Array<{ field: string; ch: string; bits: number; support: number }> = [];
    const score = (fields: readonly string[], tokens: Iterable<string>, unseenOnly = false) => {
      // The narrowest field that enough other clients use; the widest is always there.
      const field = fields.find((f) => fieldClients.others(f, excluded) >= MIN_FIELD_CLIENTS) ?? fields.at(-1)!;
      const others = fieldClients.others(field, excluded);
      for (const ch of tokens) {
        const support = symbolClients.others(`${field}\u0000${ch}`, excluded);
        // A site's vocabulary has a long tail: a route or parameter the baseline had once is known.
        if (unseenOnly && support > 0) continue;
        const b = Math.log2((others + 1) / (support + 1));
        if (b <= 0) continue;
        bits += b;
        unusual.push({ field, ch, bits: b, support });
      }
    };
    score(['p'], symbolsIn(request.path));
    for (const { name, value } of request.params) {
      score([`r\u0000${routeKey(request)}\u0000${name}`, `n\u0000${name}`, 'v'], valueTokens(value, false));
      score(['k'], symbolsIn(name));
    }
    if (vocabulary) {
      // Against a baseline, the site's vocabulary too: a route it never served, a parameter a route never took.
      // Routes are graded (a route few baseline requests took costs bits too: on CSIC 2010's dev half,
      // recall 0.96 instead of 0.72 at the same false-positive rate); parameter names cost only when new.
      score(['u'], [request.path]);
      score([`q\u0000${routeKey(request)}`], request.params.map((p) => p.name), true);
      // A method the clean period never used (`PUT`, `PROPFIND` where it only read and posted forms).
      score(['m'], [request.method], true);
    }
    return { bits, unusual };
  });

  return {
    bits: Float32Array.from(scored, (s) => s.bits),
    explain(id) {
      const { unusual } = scored[id]!;
      if (unusual.length === 0) return undefined;
      const top = [...unusual].sort((a, b) => b.bits - a.bits).slice(0, 6);
      const byField = new Map<string, string[]>();
      for (const u of top) byField.set(u.field, [...(byField.get(u.field) ?? []), u.field === 'u' && u.support > 0 ? `~${u.ch}` : u.ch]);
      const fields = [...byField].map(([field, chars]) => describeTokens(field, chars));
      return `unusual for their fields: ${fields.join('; ')} (${scored[id]!.bits.toFixed(1)} bits: few other clients use them there)`;
    },
  };
}

function forEachField(request: RequestParts, vocabulary: boolean, visit: (field: string, tokens: Iterable<string>) => void): void {
  visit('p', symbolsIn(request.path));
  for (const { name, value } of request.params) {
    const symbols = valueTokens(value, true);
    visit(`r\u0000${routeKey(request)}\u0000${name}`, symbols);
    visit(`n\u0000${name}`, symbols);
    visit('v', symbols);
    visit('k', symbolsIn(name));
  }
  if (vocabulary) {
    visit('u', [request.path]);
    visit(`q\u0000${routeKey(request)}`, request.params.map((p) => p.name));
    visit('m', [request.method]);
  }
}

function routeKey(request: RequestParts): string {
  return request.path;
}

function describeTokens(field: string, tokens: string[]): string {
  const [kind, route] = field.split('\u0000');
  if (kind === 'u') return tokens[0]!.startsWith('~') ? 'a path the baseline served for few requests' : 'a path the baseline never served';
  if (kind === 'q') return `parameter ${tokens.map((t) => JSON.stringify(t)).join(' ')} never sent to ${route}`;
  if (kind === 'm') return `method ${JSON.stringify(tokens[0])}, which the baseline never used`;
  const lengths = tokens.filter((t) => LENGTH_TOKEN.test(t)).map((t) => {
    const k = Number(t.slice(1));
    return `a value of ${2 ** k - 1}–${2 ** (k + 1) - 2} characters`;
  });
  const chars = tokens.filter((t) => !LENGTH_TOKEN.test(t)).map((t) => JSON.stringify(t));
  const what = [...(chars.length > 0 ? [`characters ${chars.join(' ')}`] : []), ...lengths].join(' and ');
  return `${what} in ${describeField(field)}`;
}

function describeField(field: string): string {
  const [kind, a, b] = field.split('\u0000');
  switch (kind) {
    case 'p':
      return 'the path';
    case 'r':
      return `parameter ${JSON.stringify(b)} of ${a}`;
    case 'n':
      return `parameter ${JSON.stringify(a)}`;
    case 'k':
      return 'a parameter name';
    default:
      return 'a parameter value';
  }
}

/**
 * What a parameter value is judged by: its distinct non-alphanumeric characters, and its length class
 * (`#k`: 2^k − 1 to 2^(k+1) − 2 characters), so that a value longer than other clients send in that
 * field costs bits too (Kruegel & Vigna's length model, one-sided as theirs: a short value carries
 * no payload). A value teaches every class up to its own (`learning`), and is judged by its own: its
 * support is the other clients that send values at least as long.
 */
export function valueTokens(value: string, learning: boolean): Set<string> {
  const tokens = symbolsIn(value);
  const length = Math.floor(Math.log2(value.length + 1));
  if (learning) for (let k = 0; k <= length; k++) tokens.add(`#${k}`);
  else tokens.add(`#${length}`);
  return tokens;
}

/** A length class token (`#3`), as opposed to the character `#` itself. */
const LENGTH_TOKEN = /^#\d+$/;

/** The distinct non-alphanumeric characters of a field's value. */
export function symbolsIn(value: string): Set<string> {
  const found = new Set<string>();
  for (const ch of value) if (!ALPHANUMERIC.test(ch)) found.add(ch);
  return found;
}
