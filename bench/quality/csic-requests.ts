// CSIC 2010's raw HTTP requests as combined-log lines, shared by csic.ts (the defaults) and
// csic-learn.ts (tune --learn on a labelled sample). CSIC puts most of its attacks in POST bodies,
// which an access log does not record: with `bodies`, a body is appended to the query string (as a
// WAF or a logging proxy that records bodies shows it).

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../parse/make-log.js';
import { QUICK } from '../report/bench-results.js';

/** Quick mode keeps this many requests of each file, in its own folder (its own embedding cache). */
const QUICK_REQUESTS = 1000;

/** Splits a CSIC file into requests; each gets its own client address, counting up from `firstIp`. */
export function toLogLines(file: string, firstIp: number, bodies: boolean): string[] {
  const text = readFileSync(SHARED_DATA + `csic2010/${file}`, 'latin1').replace(/\r\n/g, '\n');
  const lines: string[] = [];
  for (const block of text.split(/\n\n(?=(?:GET|POST|PUT) )/)) {
    const [head = '', body = ''] = block.split(/\n\n/);
    const [requestLine = '', ...headers] = head.trim().split('\n');
    const m = /^(GET|POST|PUT) http:\/\/[^/]+(\S*) (HTTP\/1\.[01])$/.exec(requestLine.trim());
    if (!m) continue;
    const [, method, target, protocol] = m;
    const payload = bodies ? body.trim() : '';
    const url = payload === '' ? target! : `${target}${target!.includes('?') ? '&' : '?'}${payload}`;
    const agent = headers.find((h) => h.startsWith('User-Agent: '))?.slice(12) ?? '-';
    const ip = `10.${(firstIp >> 16) & 255}.${(firstIp >> 8) & 255}.${firstIp & 255}`;
    firstIp++;
    // Spaces in a target would end the request field; escape them as a client would.
    lines.push(`${ip} - - [01/Jan/2010:00:00:00 +0000] "${method} ${url.replace(/ /g, '%20')} ${protocol}" 200 100 "-" "${agent}"`);
  }
  return QUICK ? lines.slice(0, QUICK_REQUESTS) : lines;
}

export interface CsicTestSet {
  training: string[];
  /** Normal and anomalous test requests interleaved evenly. */
  test: string[];
  /** 1-based lines of `test` that are anomalous. */
  anomalous: Set<number>;
  normal: number;
}

export function csicTestSet(bodies: boolean): CsicTestSet {
  const training = toLogLines('normalTrafficTraining.txt', 1, bodies);
  const normalTest = toLogLines('normalTrafficTest.txt', 100_000, bodies);
  const anomalousTest = toLogLines('anomalousTrafficTest.txt', 200_000, bodies);
  const test: string[] = [];
  const anomalous = new Set<number>();
  for (let i = 0, j = 0; i < normalTest.length || j < anomalousTest.length; ) {
    if (j >= anomalousTest.length || (i < normalTest.length && i * anomalousTest.length <= j * normalTest.length)) test.push(normalTest[i++]!);
    else {
      test.push(anomalousTest[j++]!);
      anomalous.add(test.length);
    }
  }
  return { training, test, anomalous, normal: normalTest.length };
}

/** The logged request of a line (method, URL, status, user agent): what a reader of the log sees of it. */
export function loggedRequest(line: string): string {
  return line.slice(line.indexOf('"'));
}
