import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldNovelty } from '../../src/params/field-novelty.js';
import { requestParts } from '../../src/params/request-parts.js';
import { requestText } from '../../src/normalize/request-text.js';
import { record } from '../features/record.js';

describe('requestParts', () => {
  it('splits path and parameters, on & and on ; only before another name=', () => {
    expect(requestParts('GET /files/?C=M;O=A')).toEqual({ method: 'GET', path: '/files/', params: [{ name: 'C', value: 'M' }, { name: 'O', value: 'A' }] });
    expect(requestParts('GET /s?host=;cat /etc/passwd&x')).toEqual({
      method: 'GET',
      path: '/s',
      params: [{ name: 'host', value: ';cat /etc/passwd' }, { name: 'x', value: '' }],
    });
    expect(requestParts('GET /plain')).toEqual({ method: 'GET', path: '/plain', params: [] });
  });
});

describe('fieldNovelty', () => {
  it('costs log2((N + 1) / (S + 1)) bits per character, counted in other clients of the field', () => {
    // Four clients send /p?id=<digits>; client 4 sends a quote and a space in id.
    const texts = ['GET /p?id=0', "GET /p?id=0' or 0"];
    const clientsOf = (id: number) => (id === 0 ? [0, 1, 2, 3] : [4]);
    const { bits, explain } = fieldNovelty(texts, clientsOf);
    // id of /p has N = 4 other clients; "'", " " and a value of 7 characters (length class 3–6; they
    // send 1) are used by none of them: 3 × log2(5/1). The four send one value (0), 4 ≥ 4 × 1, so id is an
    // enumeration, and the value "0' or 0" that none of them sends costs log2(5/1) more.
    expect(bits[1]).toBeCloseTo(4 * Math.log2(5), 6);
    // The digits-only text: its own clients are left out, and no character is unusual.
    expect(bits[0]).toBe(0);
    expect(explain(1)).toMatch(/characters "'" " " and a value of 7–14 characters and the value "0' or 0", outside the few values other clients send in parameter "id" of \/p/);
  });

  it('lets a free-text field learn its characters from its users, never from the request’s own client', () => {
    const texts = ['GET /search?q=a b', 'GET /search?q=c d', 'GET /search?q=e f', 'GET /search?q=x y'];
    const clientsOf = (id: number) => [id];
    const { bits } = fieldNovelty(texts, clientsOf);
    // A space in q is used by the 3 other clients of q: log2(4/4) = 0.
    expect(bits[3]).toBe(0);
    // One client alone repeating a space teaches nothing: another client's same text still costs.
    const alone = fieldNovelty(['GET /p?id=0', 'GET /p?id=0', 'GET /p?id=a b'], (id) => (id < 2 ? [id] : [9]));
    // " " and the value's length class (3 characters, where the others send 1): 2 × log2(3/1).
    expect(alone.bits[2]).toBeCloseTo(2 * Math.log2(3 / 1), 6);
  });

  it('judges a value’s length class too: far longer than any other client sends costs bits', () => {
    const texts = ['GET /p?id=12', 'GET /p?id=34', 'GET /p?id=56', `GET /p?id=${'a'.repeat(40)}`];
    const { bits, explain } = fieldNovelty(texts, (id) => [id]);
    // Length 2 is class #1 (2–3), length 40 class #5 (32–63): no other client's id is that long.
    expect(bits[3]).toBeCloseTo(Math.log2(4 / 1), 6);
    expect(bits[0]).toBe(0);
    expect(explain(3)).toMatch(/a value of 31–62 characters in parameter "id" of \/p/);
  });

  it('does not count hostile clients as support', () => {
    const texts = ["GET /p?id=0'", "GET /p?id=1'", "GET /p?id=2'", 'GET /p?id=0', 'GET /p?id=0'];
    const clientsOf = (id: number) => [id];
    const hostile = new Set([0, 1, 2]);
    const trusting = fieldNovelty(texts, clientsOf);
    const wary = fieldNovelty(texts, clientsOf, (client) => !hostile.has(client));
    expect(trusting.bits[0]).toBeLessThan(1);
    // Only clients 3 and 4 vouch: N = 2, S = 0 for "'".
    expect(wary.bits[0]).toBeCloseTo(Math.log2(3), 6);
  });

  it('against a baseline, learns the fields from its texts only', () => {
    const baseline = ['GET /p?name=ana', 'GET /p?name=bo', 'GET /p?name=cy'];
    const { bits } = fieldNovelty(['GET /p?name=dee', "GET /p?name=<x>'"], () => [0, 1, 2, 3], () => true, { texts: baseline, counts: [1, 1, 1] });
    // Three letters are as long as one baseline name of three (ana): log2(4/2) for the length alone.
    expect(bits[0]).toBeCloseTo(1, 6);
    // Three new characters, and the length of one name in three: 3 × log2(4/1) + log2(4/2).
    expect(bits[1]).toBeCloseTo(3 * Math.log2(4) + 1, 6);
  });

  it('against a baseline, a method it never used costs the bits of an unseen parameter name', () => {
    const baseline = ['GET /p?name=ana', 'POST /p?name=bo'];
    const { bits, explain } = fieldNovelty(['GET /p?name=cy', 'PUT /p?name=cy'], () => [], () => true, { texts: baseline, counts: [1, 1] });
    // Two baseline requests teach method "m": PUT has support 0 of 2, log2(3/1); GET is known.
    expect(bits[1]! - bits[0]!).toBeCloseTo(Math.log2(3), 6);
    expect(explain(1)).toContain('method "PUT", which the baseline never used');
  });

  it('judges a parameter with a closed set of values by its value too (enumeration model)', () => {
    // 12 clients send lang=en or lang=de; client 12 sends lang=xx, which has no unusual character.
    const texts = ['GET /p?lang=en', 'GET /p?lang=de', 'GET /p?lang=xx'];
    const clientsOf = (id: number) => (id === 0 ? [0, 1, 2, 3, 4, 5] : id === 1 ? [6, 7, 8, 9, 10, 11] : [12]);
    const { bits, explain } = fieldNovelty(texts, clientsOf);
    // lang of /p: N = 12 other clients, 2 values (xx is only its own client's), 12 ≥ 4 × 2: a value
    // none of them sends costs log2(13 / 1) bits.
    expect(bits[2]).toBeCloseTo(Math.log2(13), 6);
    expect(bits[0]).toBe(0);
    expect(explain(2)).toMatch(/the value "xx", outside the few values other clients send in parameter "lang" of \/p/);
  });

  it('shortens a long value in its reason', () => {
    const long = 'a'.repeat(100);
    const texts = ['GET /p?k=x', `GET /p?k=${long}`];
    const { explain } = fieldNovelty(texts, (id) => (id === 0 ? [0, 1, 2, 3] : [4]));
    expect(explain(1)).toContain(`the value "${'a'.repeat(57)}…"`);
  });

  it('leaves a free-text parameter to its characters: many values, no value costs bits', () => {
    const names = Array.from({ length: 20 }, (_, i) => `GET /s?q=${String.fromCharCode(97 + i)}word`);
    const { bits } = fieldNovelty(names, (id) => [id]);
    expect(Array.from(bits).every((b) => b === 0)).toBe(true);
  });

  it('judges which parameters a route takes together (attribute presence)', () => {
    // 8 clients send /f?a=0&b=0; client 8 leaves b out.
    const texts = ['GET /f?a=0&b=0', 'GET /f?a=0'];
    const { bits, explain } = fieldNovelty(texts, (id) => (id === 0 ? [0, 1, 2, 3, 4, 5, 6, 7] : [8]));
    // The set {a} is sent by none of the 8 other clients of /f, which send one set: log2(9 / 1).
    expect(bits[1]).toBeCloseTo(Math.log2(9), 6);
    expect(explain(1)).toMatch(/parameters "a" together, a set other clients do not send to \/f/);
  });

  it('names the character # as a character, not as a length class', () => {
    const baseline = ['GET /p?q=ab', 'GET /p?q=cd'];
    const { explain } = fieldNovelty(['GET /p?q=a#b'], () => [], () => true, { texts: baseline, counts: [1, 1] });
    expect(explain(0)).toMatch(/characters "#" and a value of 3–6 characters in a parameter value/);
  });

  it('on real CSIC 2010 requests: SQL injection values stand out, ordinary names do not', () => {
    const data = fileURLToPath(new URL('../../../shared/data/csic2010/', import.meta.url));
    // Each request as the pipeline turns it into text (decoded, ids masked).
    const targets = (file: string, limit: number) =>
      [...readFileSync(data + file, 'latin1').matchAll(/^GET http:\/\/localhost:8080([^?\s]+)\??(\S*) HTTP/gm)]
        .slice(0, limit)
        .map((m) => requestText(record({ path: m[1]!, query: m[2]! })));
    const normal = targets('normalTrafficTraining.txt', 2000);
    const attacks = targets('anomalousTrafficTest.txt', 2000).filter((t) => /'|--|<script/i.test(t)).slice(0, 20);
    expect(attacks.length).toBeGreaterThan(5);
    const test = [...targets('normalTrafficTest.txt', 100), ...attacks];
    const { bits } = fieldNovelty(test, () => [], () => true, { texts: normal, counts: normal.map(() => 1) });
    const normalBits = [...bits.slice(0, 100)];
    const attackBits = [...bits.slice(100)];
    const flaggedNormal = normalBits.filter((b) => b >= 8).length;
    const flaggedAttacks = attackBits.filter((b) => b >= 8).length;
    expect(flaggedNormal).toBeLessThanOrEqual(5);
    expect(flaggedAttacks).toBeGreaterThanOrEqual(attacks.length * 0.8);
  });
});

describe('fieldNovelty, enumerations on real CSIC 2010 requests', () => {
  it('a value outside a form button’s closed set costs bits; the button’s own values stay below the threshold', () => {
    const data = fileURLToPath(new URL('../../../shared/data/csic2010/', import.meta.url));
    const targets = (file: string) =>
      [...readFileSync(data + file, 'latin1').matchAll(/^GET http:\/\/localhost:8080([^?\s]+)\??(\S*) HTTP/gm)].map((m) =>
        requestText(record({ path: m[1]!, query: m[2]! })),
      );
    const normal = targets('normalTrafficTraining.txt').slice(0, 4000);
    // Anomalous requests that only append to the button B1 of pagar.jsp ("Confirmar/", "Pasar por caja%20").
    const tampered = targets('anomalousTrafficTest.txt').filter((t) => /pagar\.jsp\?modo=insertar&precio=0&B0=(Confirmar|Pasar por caja).{1,3}$/.test(t));
    const ordinary = normal.filter((t) => /pagar\.jsp\?modo=insertar&precio=0&B0=/.test(t)).slice(0, 5);
    expect(tampered.length).toBeGreaterThan(3);
    expect(ordinary.length).toBeGreaterThan(0);
    const { bits, explain } = fieldNovelty([...ordinary, ...tampered], () => [], () => true, { texts: normal, counts: normal.map(() => 1) });
    for (let i = 0; i < ordinary.length; i++) expect(bits[i]).toBeLessThan(8);
    tampered.forEach((text, i) => {
      expect(bits[ordinary.length + i], text).toBeGreaterThanOrEqual(8);
      expect(explain(ordinary.length + i)).toMatch(/the value ".*", outside the few values other clients send in parameter "B0" of \/tienda0\/publico\/pagar\.jsp/);
    });
  });
});
