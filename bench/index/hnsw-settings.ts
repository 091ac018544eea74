// What the HNSW settings cost and what they find, on the distinct texts of real logs: for each
// setting (M, efConstruction, efSearch), the time to build the index and to ask every text for its
// 32 nearest neighbours (as the scan does before the DBSCAN), against exact neighbours computed by
// brute force for a fixed sample of texts. The DBSCAN reads the neighbours within eps (0.3, Euclidean
// between unit vectors), so what matters is whether those are all found: a text whose count within
// eps differs from the exact one may change from core to border or noise.
//
// The settings were chosen on the two bench logs; CSIC 2010 (URL only: many near-identical texts,
// the densest neighbourhoods of our sources) was measured after, as the check.
//
//   npx tsx bench/index/hnsw-settings.ts

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { VectorIndex, HNSW_DEFAULTS, type HnswOptions } from '../../src/index/vector-index.js';
import { SEMANTIC_DEFAULTS } from '../../src/pipeline/semantic-outliers.js';
import { makeLog } from '../parse/make-log.js';
import { csicTestSet } from '../quality/csic-requests.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const K = 32;
const SAMPLE = 2_000;
const EPS = SEMANTIC_DEFAULTS.eps;

/** [M, efConstruction, efSearch]; the first is the setting before 2026-12-07. */
const SETTINGS: Array<Pick<HnswOptions, 'm' | 'efConstruction' | 'efSearch'>> = [
  { m: 16, efConstruction: 100, efSearch: 64 },
  { m: 16, efConstruction: 64, efSearch: 64 },
  { m: 16, efConstruction: 40, efSearch: 64 },
  { m: 16, efConstruction: 40, efSearch: 48 },
  { m: 16, efConstruction: 40, efSearch: 32 },
  { m: 16, efConstruction: 24, efSearch: 64 },
  { m: 12, efConstruction: 40, efSearch: 48 },
];

interface Row {
  corpus: string;
  role: 'design' | 'check';
  texts: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  buildSeconds: number;
  queryMicros: number;
  recallAtK: number;
  /** Of the exact neighbours within eps (among the nearest K), the share found. */
  epsRecall: number;
  /** Sampled texts whose count of neighbours within eps (among the nearest K) is not the exact one. */
  epsCountWrong: number;
}

const work = fileURLToPath(new URL('../work/', import.meta.url));

async function corpora(): Promise<Array<{ name: string; role: Row['role']; log: string }>> {
  const oneSite = join(work, 'scan-200000.log');
  const everySite = join(work, 'scan-200000-all.log');
  await makeLog({ lines: 200_000, out: oneSite, sources: ['elastic-apache-logs/apache_logs.log'] });
  await makeLog({ lines: 200_000, out: everySite });
  const csic = join(work, 'csic-url-only.log');
  const set = csicTestSet(false);
  writeFileSync(csic, `${[...set.training, ...set.test].join('\n')}\n`);
  return [
    { name: 'one-site bench log', role: 'design', log: oneSite },
    { name: 'every-site bench log', role: 'design', log: everySite },
    { name: 'CSIC 2010, URL only (training + test)', role: 'check', log: csic },
  ];
}

/** A fixed sample of ids (a linear congruential sequence, without repeats). */
function sampleIds(n: number, size: number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  let seed = 2026;
  while (picked.size < size) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    picked.add(seed % n);
  }
  return [...picked].sort((a, b) => a - b);
}

/** The exact K nearest (Euclidean between unit vectors) of each sampled id: distances ascending. */
function exactNeighbors(vectors: Float32Array, dim: number, ids: number[]): Float64Array[] {
  const n = vectors.length / dim;
  return ids.map((q) => {
    const distances = new Float64Array(n);
    const qo = q * dim;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      const jo = j * dim;
      for (let d = 0; d < dim; d++) dot += vectors[qo + d]! * vectors[jo + d]!;
      distances[j] = Math.sqrt(Math.max(0, 2 - 2 * dot));
    }
    return distances.sort().subarray(0, Math.min(K, n));
  });
}

const rows: Row[] = [];
for (const corpus of await corpora()) {
  // The default embedding cache: a second run of this bench embeds nothing.
  const prepared = await prepareScan({ paths: [corpus.log], neighborsAhead: 0 });
  const { vectors, dim } = prepared;
  const n = prepared.state.table.size;
  const ids = sampleIds(n, SAMPLE);
  const exact = exactNeighbors(vectors, dim, ids);
  console.log(`${corpus.name}: ${n} texts, exact neighbours of ${ids.length}`);
  for (const setting of SETTINGS) {
    const started = performance.now();
    const index = VectorIndex.build(vectors.subarray(0, n * dim), dim, { ...HNSW_DEFAULTS, ...setting });
    const buildSeconds = (performance.now() - started) / 1000;
    let found = 0;
    let inEps = 0;
    let inEpsFound = 0;
    let epsCountWrong = 0;
    const queried = performance.now();
    const answers = ids.map((id) => index.searchEuclidean(vectors.subarray(id * dim, (id + 1) * dim), K));
    const queryMicros = ((performance.now() - queried) * 1000) / ids.length;
    answers.forEach((answer, q) => {
      const truth = exact[q]!;
      const kth = truth[truth.length - 1]!;
      // Distances, not ids, so that ties at the K-th place do not count as misses.
      found += answer.distances.filter((d) => d <= kth + 1e-6).length;
      const exactInEps = truth.filter((d) => d <= EPS).length;
      const foundInEps = answer.distances.filter((d) => d <= EPS).length;
      inEps += exactInEps;
      inEpsFound += Math.min(foundInEps, exactInEps);
      if (foundInEps !== exactInEps) epsCountWrong++;
    });
    const row: Row = {
      corpus: corpus.name,
      role: corpus.role,
      texts: n,
      ...setting,
      buildSeconds,
      queryMicros,
      recallAtK: found / exact.reduce((s, t) => s + t.length, 0),
      epsRecall: inEps === 0 ? 1 : inEpsFound / inEps,
      epsCountWrong,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}

const meta = runMeta('npx tsx bench/index/hnsw-settings.ts');
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const markdown = [
  '# HNSW settings: cost and recall on real texts',
  '',
  describeRun(meta),
  '',
  `Each setting builds the index over a log's distinct texts (their MiniLM vectors) and asks ${SAMPLE.toLocaleString('en')} of them`,
  `(a fixed sample) for their ${K} nearest neighbours, as the scan asks every text before the DBSCAN. Exact`,
  `neighbours come from brute force. *Within-eps recall* is the share of the exact neighbours within eps`,
  `(${EPS}) that the index found; *counts off* is the number of sampled texts whose count of neighbours within`,
  'eps differs from the exact one (the DBSCAN decides core, border and noise on that count). Build and query',
  'times are one run each on a shared machine: compare within a corpus.',
  '',
  '| corpus | role | texts | M | efConstruction | efSearch | build (s) | query (µs) | recall@32 | within-eps recall | counts off |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.corpus} | ${r.role} | ${r.texts.toLocaleString('en')} | ${r.m} | ${r.efConstruction} | ${r.efSearch} | ${r.buildSeconds.toFixed(2)} | ${r.queryMicros.toFixed(0)} | ${pct(r.recallAtK)} | ${pct(r.epsRecall)} | ${r.epsCountWrong} |`,
  ),
  '',
].join('\n');
writeResults('index/hnsw-settings', meta, markdown, { k: K, sample: SAMPLE, eps: EPS, rows });
console.log(markdown);
