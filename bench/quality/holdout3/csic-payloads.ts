// CSIC 2010's anomalous GET requests that carry attack syntax in the query: a small payload share of
// the third blind set (the detectors were designed with CSIC in view, so it must not dominate).

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { PAYLOAD_SYNTAX } from '../holdout2/blind-sources.js';

/** The request line of a CSIC GET: the shop's absolute URL on localhost:8080 and the protocol. */
const CSIC_GET = /^GET http:\/\/localhost:8080(\/\S*\?\S+) (HTTP\/1\.[01])$/;

/**
 * Distinct request lines (`GET <path>?<query> HTTP/1.x`, the host dropped as an access log writes
 * it) of anomalousTrafficTest.txt whose query matches PAYLOAD_SYNTAX. Requests without a protocol
 * or outside printable ASCII are left out; POSTs too, since an access log shows no body.
 */
export function csicPayloadGets(): string[] {
  const seen = new Set<string>();
  for (const raw of readFileSync(`${SHARED_DATA}csic2010/anomalousTrafficTest.txt`, 'latin1').split(/\r?\n/)) {
    const m = /^[\x20-\x7e]*$/.test(raw) ? CSIC_GET.exec(raw) : null;
    if (m && PAYLOAD_SYNTAX.test(m[1]!.slice(m[1]!.indexOf('?')))) seen.add(`GET ${m[1]} ${m[2]}`);
  }
  return [...seen];
}
