// One reduce of a synthetic partial store (synthetic-partials.ts) by the semlog checkout `--root`, in
// a process of its own: reduce-cost.ts runs it for this checkout and for an older one. Prints one JSON
// line: wall and CPU seconds (all threads), the stage times, and digests of what the reduce computed
// (the report, and the clustering with its neighbours) so that two checkouts can be shown to agree.
//
//   npx tsx bench/scale/reduce-once.ts --root . --store STORE

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { trigramEmbedder } from '../../test/helpers/trigram-embedder.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const root = resolve(arg('--root') ?? '.');
const store = resolve(arg('--store') ?? '');
const from = (path: string) => import(pathToFileURL(`${root}/src/${path}`).href);

const { readPartials } = await from('distributed/reduce-scan.ts');
const { prepareScan } = await from('pipeline/prepare-scan.ts');
const { detectAnomalies } = await from('pipeline/detect-anomalies.ts');
const { dbscan } = await from('cluster/dbscan.ts');
const { SEMANTIC_DEFAULTS } = await from('pipeline/semantic-outliers.ts');

/**
 * A digest of the JSON of `entries`, fed piece by piece: at 1,000,000 distinct texts one JSON string
 * of the report (or of every text's neighbours) outgrows V8's heap, and the first 1M run died there
 * after its reduce.
 */
function digestOf(entries: Iterable<unknown>): string {
  const hash = createHash('sha256');
  for (const entry of entries) hash.update(JSON.stringify(entry) ?? 'undefined').update('\n');
  return hash.digest('hex').slice(0, 16);
}
function* analysisPieces(value: Record<string, unknown>): Iterable<unknown> {
  for (const [key, field] of Object.entries(value)) {
    yield key;
    if (Array.isArray(field)) yield* field;
    else yield field;
  }
}

// The stand-in embedder (hashed trigrams, 384 dimensions as MiniLM) takes the place of the shared
// cache's lookups; index, clustering and scoring are the checkout's own, as reduceScan runs them.
const cpuBefore = process.cpuUsage();
const startMs = performance.now();
// Checkouts since the S3 store read partials through a PartialStore; older ones take the folder and scan.
const folderStore = await from('distributed/store/folder-store.ts').catch(() => undefined);
const records = await readPartials(folderStore ? { store: new folderStore.FolderStore(store, 'bench'), jobs: 1 } : { store, scanId: 'bench', jobs: 1 });
const options = { paths: ['synthetic.log'], records, embedder: trigramEmbedder(384), cacheDir: false };
const prepared = await prepareScan(options);
const analysis = await detectAnomalies(prepared, options);
const seconds = (performance.now() - startMs) / 1000;
const cpu = process.cpuUsage(cpuBefore);

const { elapsedMs, stageMs, cachedTexts, ...summary } = analysis.summary;
// The timing first, on stderr: a digest step that fails must not take the measurement with it.
console.error(JSON.stringify({ distinctTexts: summary.uniqueTexts, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, stageMs, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
// A second clustering over the neighbours the scan kept, and the 32 nearest of every text: both
// come from the answers the first clustering left behind, so a changed answer shows here.
const again = dbscan(prepared.neighbors, prepared.state.table.counts, SEMANTIC_DEFAULTS);
function* nearest(): Iterable<unknown> {
  for (let id = 0; id < prepared.neighbors.size; id++) yield prepared.neighbors.neighbors(id, 32);
}
console.log(JSON.stringify({
  distinctTexts: summary.uniqueTexts,
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  stageMs,
  reportDigest: digestOf(analysisPieces({ ...analysis, summary })),
  clusterDigest: digestOf([again.labels, again.kinds, again.nearestCore, again.coreDistance].map((column) => [...column])),
  neighborDigest: digestOf(nearest()),
  clusters: again.clusterCount,
  noise: again.kinds.filter((kind: number) => kind === 0).length,
}));
