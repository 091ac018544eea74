// What a client costs in memory while a scan reads: the heap of each per-client structure, measured
// over 100,000 of them after a full garbage collection, and of IpAccumulator per client on a log
// where every line is a new client (a CDN log's shape: most addresses send one or two requests).
//
//   npm run build && node --expose-gc --import tsx bench/features/client-memory.ts

import { DistinctCounter } from '../../dist/features/distinct-counter.js';
import { FormPosts } from '../../dist/features/form-posts.js';
import { IpAccumulator } from '../../dist/features/ip-accumulator.js';
import { IpState } from '../../dist/features/ip-state.js';
import type { RequestProfile } from '../../dist/features/request-profile.js';
import { TopK } from '../../dist/features/top-k.js';
import { UriBurst } from '../../dist/features/uri-burst.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const COUNT = 100_000;

/** Heap bytes per object that `make` returns, over COUNT of them kept alive. */
function bytesEach(make: (i: number) => unknown): number {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = new Array(COUNT);
  for (let i = 0; i < COUNT; i++) kept[i] = make(i);
  gc!();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== COUNT) throw new Error('unreachable');
  return Math.round((after - before) / COUNT);
}

const LIMITS = { maxUrisPerIp: 128, maxUserAgentsPerIp: 32, topUris: 5, topUserAgents: 3 };
const URIS = ['GET /', 'GET /about', 'GET /style.css'];
const profileOf = (uri: number): RequestProfile => ({
  pathHash: 11 + uri, uriHash: 21 + uri, userAgentHash: 31, shownUri: URIS[uri]!, shownUserAgent: 'Mozilla/5.0', isStatic: uri === 2, tags: [],
});
const PROFILES = URIS.map((_, uri) => profileOf(uri));
const record = (i: number) => ({ method: 'GET', status: 200, userAgent: 'Mozilla/5.0', durationMs: null, timeMs: 1.7e12 + i });

const rows: Array<{ structure: string; bytes: number }> = [
  { structure: 'DistinctCounter, no value', bytes: bytesEach(() => new DistinctCounter(128)) },
  { structure: 'DistinctCounter, one value', bytes: bytesEach((i) => { const c = new DistinctCounter(128); c.add(i * 7919); return c; }) },
  { structure: 'DistinctCounter, three values', bytes: bytesEach((i) => { const c = new DistinctCounter(128); for (let k = 0; k < 3; k++) c.add(i * 7919 + k); return c; }) },
  { structure: 'TopK (10), one key', bytes: bytesEach(() => { const t = new TopK(10); t.add(URIS[0]!); return t; }) },
  { structure: 'TopK (10), three keys', bytes: bytesEach(() => { const t = new TopK(10); for (const uri of URIS) t.add(uri); return t; }) },
  { structure: 'UriBurst, one request', bytes: bytesEach((i) => { const u = new UriBurst(false); u.add(URIS[0]!, 1.7e12 + i); return u; }) },
  { structure: 'FormPosts, one GET', bytes: bytesEach((i) => { const f = new FormPosts(false); f.add('GET', 11, URIS[0]!, 1.7e12 + i); return f; }) },
  { structure: 'IpState, one request', bytes: bytesEach((i) => { const s = new IpState(i, LIMITS); s.add(record(i), PROFILES[0]!); return s; }) },
  { structure: 'IpState, ten requests to three URIs', bytes: bytesEach((i) => { const s = new IpState(i, LIMITS); for (let k = 0; k < 10; k++) s.add(record(i + k), PROFILES[k % 3]!); return s; }) },
];

// IpAccumulator over a log of COUNT clients, one request each (its map of addresses and list of them included).
gc();
const before = process.memoryUsage().heapUsed;
const accumulator = new IpAccumulator();
for (let i = 0; i < COUNT; i++) {
  const clientIp = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const line = { ...record(i), file: 'a.log', line: i + 1, clientIp, path: '/', query: '', protocol: 'HTTP/1.1', bytes: 512, referer: '', cookie: '', host: '', user: '', extras: null };
  accumulator.add(line, PROFILES[0]!);
}
gc();
rows.push({ structure: 'IpAccumulator, per client (one request each)', bytes: Math.round((process.memoryUsage().heapUsed - before) / COUNT) });
if (accumulator.ips.length !== COUNT) throw new Error(`expected ${COUNT} clients, got ${accumulator.ips.length}`);

const meta = runMeta('npm run build && node --expose-gc --import tsx bench/features/client-memory.ts');
const markdown = [
  '# What a client costs in memory while a scan reads',
  '',
  describeRun(meta),
  '',
  `Heap bytes per structure, over ${COUNT.toLocaleString('en')} of them kept alive, after a full garbage collection.`,
  '',
  '| structure | bytes |',
  '|---|---:|',
  ...rows.map((row) => `| ${row.structure} | ${row.bytes.toLocaleString('en')} |`),
  '',
  'A distinct counter keeps its first value in a field and a top-k table its first entry, until a second',
  'one comes; then one array each, made by an empty literal and a single push. The build before that',
  '(4bbdf93, this script pointed at its dist/, 2026-12-07) made an array at a counter\'s first value and',
  'two at a table\'s, grown by push to room for 16: 261 bytes a counter with one value, 424 a table with',
  'one key, 2,029 an IpState with one request, 2,041 with ten requests to three URIs, 2,091 a client in',
  'IpAccumulator. On a 500,000-line log of 500,000 clients, `semlog scan` (warm) took 2.08–2.12 GB of peak',
  'RSS and 6.0–7.2 s with that build, 1.48 GB and 4.8–4.9 s with this one (two interleaved runs each).',
  '',
].join('\n');
writeResults('features/client-memory', meta, markdown, { count: COUNT, rows });
console.log(markdown);
