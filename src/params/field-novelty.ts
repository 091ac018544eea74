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
/**
 * Kruegel & Vigna's enumeration model: a parameter whose other clients send at most this many distinct
 * values (after masking: every number is 0), each on average by ENUM_CLIENTS_PER_VALUE of them, takes
 * a closed set (`modo=insertar`, `lang=en`, `B1=Confirmar`), and a value outside it costs bits as a new
 * character does. A free-text field has more values than that and is judged by its characters alone.
 */
const ENUM_MAX_VALUES = 16;
const ENUM_CLIENTS_PER_VALUE = 4;
/** Longer values are free text, never enumerated (and the values kept per field stay small). */
const ENUM_VALUE_CHARS = 256;
/** Marks a whole-value token, so that it can never be mistaken for a character or a length class. */
const VALUE_MARK = '\u0001';
const FREE_TEXT = null;

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
  /** Distinct values of each parameter field while they are few; FREE_TEXT once they are not. */
  fieldValues: Map<string, Set<string> | typeof FREE_TEXT>;
}

/** `vocabulary`: also learn which paths the site serves and which parameters each route takes (baselines). */
function learnFields(teachers: readonly RequestParts[], teachersOf: (id: number) => ArrayLike<number>, vocabulary: boolean): FieldModel {
  const fieldClients = new ClientSets(CAP);
  const symbolClients = new ClientSets(CAP);
  const fieldValues: FieldModel['fieldValues'] = new Map();
  teachers.forEach((request, id) => {
    const clients = teachersOf(id);
    if (clients.length === 0) return;
    forEachField(request, vocabulary, (field, tokens, value) => {
      for (let i = 0; i < clients.length; i++) fieldClients.add(field, clients[i]!);
      for (const token of tokens) for (let i = 0; i < clients.length; i++) symbolClients.add(`${field}\u0000${token}`, clients[i]!);
      if (value === undefined || fieldValues.get(field) === FREE_TEXT) return;
      const values = fieldValues.get(field) ?? new Set<string>();
      values.add(value);
      fieldValues.set(field, value.length > ENUM_VALUE_CHARS || values.size > ENUM_MAX_VALUES ? FREE_TEXT : values);
      for (let i = 0; i < clients.length; i++) symbolClients.add(`${field}\u0000${VALUE_MARK}${value}`, clients[i]!);
    });
  });
  return { fieldClients, symbolClients, fieldValues };
}

/** `excludedOf(id)`: the clients of text `id`, which do not vouch for their own characters. */
function scoreFields(model: FieldModel, parts: readonly RequestParts[], excludedOf: (id: number) => ArrayLike<number>, vocabulary: boolean): FieldNovelty {
  const { fieldClients, symbolClients, fieldValues } = model;
  const scored = parts.map((request, id) => {
    const excluded = excludedOf(id);
    let bits = 0;
    const unusual: Array<{ field: string; ch: string; bits: number; support: number }> = [];
    const score = (fields: readonly string[], tokens: Iterable<string>, unseenOnly = false, value?: string) => {
      // The narrowest field that enough other clients use; the widest is always there.
      const field = fields.find((f) => fieldClients.others(f, excluded) >= MIN_FIELD_CLIENTS) ?? fields.at(-1)!;
      const others = fieldClients.others(field, excluded);
      const charge = (ch: string, support: number) => {
        // A site's vocabulary has a long tail: a route or parameter the baseline had once is known.
        if (unseenOnly && support > 0) return;
        const b = Math.log2((others + 1) / (support + 1));
        if (b <= 0) return;
        bits += b;
        unusual.push({ field, ch, bits: b, support });
      };
      for (const ch of tokens) charge(ch, symbolClients.others(`${field}\u0000${ch}`, excluded));
      if (value !== undefined) {
        const token = `${VALUE_MARK}${value}`;
        const support = symbolClients.others(`${field}\u0000${token}`, excluded);
        // A value only the request's own clients taught is not one of the field's values.
        if (isEnumeration(fieldValues.get(field), others, value, support === 0)) charge(token, support);
      }
    };
    score(['p'], symbolsIn(request.path));
    for (const { name, value } of request.params) {
      score([`r\u0000${routeKey(request)}\u0000${name}`, `n\u0000${name}`, 'v'], valueTokens(value, false), false, value);
      score(['k'], symbolsIn(name));
    }
    // Which parameters go together (Kruegel & Vigna's attribute presence): a route whose requests send
    // a few fixed sets of parameters, and a request with another set (one left out, one added).
    if (request.params.length > 0) score([`c\u0000${routeKey(request)}`], [], false, parameterSet(request));
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

/** `value`: the whole value of a parameter field, for the enumeration model. */
function forEachField(request: RequestParts, vocabulary: boolean, visit: (field: string, tokens: Iterable<string>, value?: string) => void): void {
  visit('p', symbolsIn(request.path));
  for (const { name, value } of request.params) {
    const symbols = valueTokens(value, true);
    visit(`r\u0000${routeKey(request)}\u0000${name}`, symbols, value);
    visit(`n\u0000${name}`, symbols, value);
    visit('v', symbols);
    visit('k', symbolsIn(name));
  }
  if (request.params.length > 0) visit(`c\u0000${routeKey(request)}`, [], parameterSet(request));
  if (vocabulary) {
    visit('u', [request.path]);
    visit(`q\u0000${routeKey(request)}`, request.params.map((p) => p.name));
    visit('m', [request.method]);
  }
}

/** The names of a request's parameters, in a fixed order: the same set is the same value. */
function parameterSet(request: RequestParts): string {
  return [...new Set(request.params.map((p) => p.name))].sort().join('&');
}

/**
 * A closed set of values, each sent by enough other clients on average (`others` counts the field's
 * other clients); `onlyOwn`: `value` is in the set only because the request's own clients sent it.
 */
function isEnumeration(values: Set<string> | typeof FREE_TEXT | undefined, others: number, value: string, onlyOwn: boolean): boolean {
  if (values == null) return false;
  const size = values.size - (onlyOwn && values.has(value) ? 1 : 0);
  return size > 0 && others >= ENUM_CLIENTS_PER_VALUE * size;
}

function routeKey(request: RequestParts): string {
  return request.path;
}

function describeTokens(field: string, tokens: string[]): string {
  const [kind, route] = field.split('\u0000');
  if (kind === 'u') return tokens[0]!.startsWith('~') ? 'a path the baseline served for few requests' : 'a path the baseline never served';
  if (kind === 'c') return `parameters ${JSON.stringify(shorten(tokens[0]!.slice(VALUE_MARK.length)))} together, a set other clients do not send to ${route}`;
  if (kind === 'q') return `parameter ${tokens.map((t) => JSON.stringify(t)).join(' ')} never sent to ${route}`;
  if (kind === 'm') return `method ${JSON.stringify(tokens[0])}, which the baseline never used`;
  const lengths = tokens.filter((t) => LENGTH_TOKEN.test(t)).map((t) => {
    const k = Number(t.slice(1));
    return `a value of ${2 ** k - 1}–${2 ** (k + 1) - 2} characters`;
  });
  const values = tokens.filter((t) => t.startsWith(VALUE_MARK)).map((t) => `the value ${JSON.stringify(shorten(t.slice(VALUE_MARK.length)))}, outside the few values other clients send`);
  const chars = tokens.filter((t) => !LENGTH_TOKEN.test(t) && !t.startsWith(VALUE_MARK)).map((t) => JSON.stringify(t));
  const what = [...(chars.length > 0 ? [`characters ${chars.join(' ')}`] : []), ...lengths, ...values].join(' and ');
  return `${what} in ${describeField(field)}`;
}

/** A whole value in a reason: enough to recognise it, never a page of attacker text. */
function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
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
