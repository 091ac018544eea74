// Distinct request texts from the real access logs in ../shared/data, for benchmarks.

import { existsSync } from 'node:fs';
import { requestText } from '../src/normalize/request-text.js';
import { readLogs } from '../src/parse/read-logs.js';
import { SHARED_DATA } from './parse/make-log.js';

const SOURCES = [
  'elastic-apache-logs/apache_logs.log',
  'secrepo-weblogs/access-2021-10-22_27.log',
  'ocatak-apache-scans/acunetix.log',
  'tomcat-banner-2019/localhost_access_log.txt',
];

/** Up to `count` distinct texts, interleaved across sources so every kind of traffic is present. */
export async function realRequestTexts(count: number): Promise<string[]> {
  const perSource: string[][] = [];
  for (const source of SOURCES) {
    const path = SHARED_DATA + source;
    if (!existsSync(path)) throw new Error(`benchmark data missing: ${path}`);
    const seen = new Set<string>();
    for await (const batch of readLogs([path])) for (const record of batch) seen.add(requestText(record));
    perSource.push([...seen]);
  }
  const out: string[] = [];
  for (let i = 0; out.length < count && perSource.some((texts) => i < texts.length); i++) {
    for (const texts of perSource) if (i < texts.length && out.length < count) out.push(texts[i]!);
  }
  return out;
}
