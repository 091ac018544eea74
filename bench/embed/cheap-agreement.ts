// How well a cheap text vector's nearest neighbours agree with MiniLM's, on the every-site 200k-line
// bench log (issue #19): the cascade may join two texts in its cheap space only where MiniLM would
// put them within eps. For each text, its nearest other text in the cheap space: how often MiniLM
// puts that pair within eps 0.3, by the pair's cheap distance; and how many of its 10 nearest cheap
// neighbours are among its 10 nearest MiniLM ones. Cheap models: the shipped static token vectors
// with SIF weights (a = 0.01, the default, and 0.001), hashed character trigrams (384 and 1024
// dimensions), and static + trigrams side by side. MiniLM vectors come from the embedding cache
// (`--cache DIR`; a first run embeds the log, about a minute). Also, for the every-site log and for a
// 5,000-line high-cardinality log (high-cardinality-log.ts: one site's requests with unique query
// words), how many texts have any other text within eps in MiniLM's own space: the most a cascade
// that proxies only texts MiniLM would cluster can spare. Writes bench/embed/cheap-agreement.{md,json}.
//
//   npm run build && npx tsx bench/embed/cheap-agreement.ts [--cache DIR] [--lines 200000]

import { fileURLToPath } from 'node:url';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { embedStatic } from '../../src/embed/static-embedder.js';
import { loadStaticVectors } from '../../src/embed/static-vectors.js';
import { WordPiece } from '../../src/embed/wordpiece.js';
import { VectorIndex } from '../../src/index/vector-index.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import { trigramEmbedder } from '../../test/helpers/trigram-embedder.js';
import { makeLog } from '../parse/make-log.js';
import { makeHighCardinalityLog } from '../scan/high-cardinality-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const lines = Number(arg('--lines') ?? 200_000);
const cacheDir = arg('--cache') ?? fileURLToPath(new URL('../work/cache-all/', import.meta.url));
const log = fileURLToPath(new URL(`../work/scan-${lines}-all.log`, import.meta.url));
await makeLog({ lines, out: log });

const EPS = 0.3;
const BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.6, Infinity];
const prepared = await prepareScan({ paths: [log], cacheDir });
const texts = prepared.state.table.texts;
const n = texts.length;
const miniDim = prepared.dim;
const mini = prepared.vectors;

function distance(v: Float32Array, dim: number, a: number, b: number): number {
  let sum = 0;
  for (let k = 0; k < dim; k++) sum += (v[a * dim + k]! - v[b * dim + k]!) ** 2;
  return Math.sqrt(sum);
}
/** The k nearest other texts of every text (HNSW, as the scan searches). */
function nearestOthers(v: Float32Array, dim: number, k: number): number[][] {
  const index = VectorIndex.build(v, dim);
  return Array.from({ length: n }, (_, id) => Array.from(index.searchEuclidean(v.subarray(id * dim, (id + 1) * dim), k + 1).ids).filter((j) => j !== id).slice(0, k));
}
function unitRows(v: Float32Array, dim: number): Float32Array {
  for (let row = 0; row < v.length / dim; row++) {
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += v[row * dim + k]! ** 2;
    const norm = Math.sqrt(sum) || 1;
    for (let k = 0; k < dim; k++) v[row * dim + k]! /= norm;
  }
  return v;
}
function sideBySide(a: Float32Array, da: number, b: Float32Array, db: number): Float32Array {
  const out = new Float32Array(n * (da + db));
  for (let row = 0; row < n; row++) {
    out.set(a.subarray(row * da, (row + 1) * da), row * (da + db));
    out.set(b.subarray(row * db, (row + 1) * db), row * (da + db) + da);
  }
  return unitRows(out, da + db);
}

const miniNearest = nearestOthers(mini, miniDim, 10).map((ids) => new Set(ids));
const miniWithinEps = miniNearest.filter((_, id) => [...miniNearest[id]!].some((j) => distance(mini, miniDim, id, j) <= EPS)).length;

// The high-cardinality log: its MiniLM ceiling only (its own cache; a first run embeds 5,000 texts).
const hcLog = fileURLToPath(new URL('../work/high-cardinality-5000.log', import.meta.url));
await makeHighCardinalityLog(5000, hcLog);
const hc = await prepareScan({ paths: [hcLog], cacheDir: fileURLToPath(new URL('../work/cache-hc/', import.meta.url)) });
const hcTexts = hc.state.table.texts.length;
const hcIndex = VectorIndex.build(hc.vectors, hc.dim);
const hcNearest = Array.from({ length: hcTexts }, (_, id) => {
  const found = hcIndex.searchEuclidean(hc.vectors.subarray(id * hc.dim, (id + 1) * hc.dim), 2);
  const j = found.ids[0] === id ? 1 : 0;
  return found.distances[j] ?? Infinity;
}).sort((a, b) => a - b);
const hcWithinEps = hcNearest.filter((d) => d <= EPS).length;
const hcMedian = hcNearest[hcTexts >> 1]!;
const modelDir = defaultModelDir();
const table = loadStaticVectors(modelDir, prepared.cacheKey);
const tokenizer = WordPiece.fromModelDir(modelDir);
const static1 = embedStatic(texts, tokenizer, table, { sifA: 1e-2 });
const trigram1024 = await trigramEmbedder(1024).embed(texts);
const models: Array<{ name: string; vectors: Float32Array; dim: number }> = [
  { name: 'static, SIF a = 0.01 (default)', vectors: static1, dim: 384 },
  { name: 'static, SIF a = 0.001', vectors: embedStatic(texts, tokenizer, table, { sifA: 1e-3 }), dim: 384 },
  { name: 'hashed character trigrams, 384', vectors: await trigramEmbedder(384).embed(texts), dim: 384 },
  { name: 'hashed character trigrams, 1024', vectors: trigram1024, dim: 1024 },
  { name: 'static (a = 0.01) + trigrams 1024', vectors: sideBySide(static1, 384, trigram1024, 1024), dim: 1408 },
];

interface Row {
  name: string;
  overlapAt10: number;
  buckets: Array<{ below: number; pairs: number; agree: number }>;
}
const rows: Row[] = models.map(({ name, vectors, dim }) => {
  const nearest = nearestOthers(vectors, dim, 10);
  const buckets = BUCKETS.map((below) => ({ below, pairs: 0, agree: 0 }));
  let overlap = 0;
  nearest.forEach((ids, id) => {
    const other = ids[0]!;
    const bucket = buckets.find((b) => distance(vectors, dim, id, other) < b.below)!;
    bucket.pairs++;
    if (distance(mini, miniDim, id, other) <= EPS) bucket.agree++;
    overlap += ids.filter((j) => miniNearest[id]!.has(j)).length / 10;
  });
  console.log(name, (overlap / n).toFixed(3));
  return { name, overlapAt10: overlap / n, buckets };
});

const meta = runMeta(`npx tsx bench/embed/cheap-agreement.ts --lines ${lines}`);
const label = (below: number, k: number) => (below === Infinity ? `≥ ${BUCKETS[k - 1]}` : k === 0 ? `< ${below}` : `${BUCKETS[k - 1]}–${below}`);
const md = `# Cheap vectors against MiniLM: do their nearest neighbours agree? (issue #19)

${describeRun(meta)}

The every-site ${lines.toLocaleString('en')}-line bench log, ${n.toLocaleString('en')} distinct texts; ${miniWithinEps.toLocaleString('en')} of them
(${((100 * miniWithinEps) / n).toFixed(0)} %) have another text within eps ${EPS} in MiniLM's space at all. On a 5,000-line high-cardinality
log (one site's requests with unique query words, ${hcTexts.toLocaleString('en')} distinct texts) ${hcWithinEps.toLocaleString('en')} do (${((100 * hcWithinEps) / hcTexts).toFixed(1)} %; median distance
to the nearest other text ${hcMedian.toFixed(2)}). For every text of the every-site log, its nearest
other text in the cheap space; a cell is *pairs* at that cheap distance and the share of them that MiniLM puts within eps ${EPS}.
*Overlap@10*: the share of a text's 10 nearest cheap neighbours that are among its 10 nearest MiniLM ones.

| cheap model | overlap@10 | ${BUCKETS.map((b, k) => label(b, k)).join(' | ')} |
|---|---:|${BUCKETS.map(() => '---:').join('|')}|
${rows.map((r) => `| ${r.name} | ${r.overlapAt10.toFixed(3)} | ${r.buckets.map((b) => `${b.pairs.toLocaleString('en')}: ${b.pairs ? (b.agree / b.pairs).toFixed(2) : '–'}`).join(' | ')} |`).join('\n')}
`;
writeResults('embed/cheap-agreement', meta, md, { texts: n, withinEps: miniWithinEps, highCardinality: { texts: hcTexts, withinEps: hcWithinEps, medianNearest: hcMedian }, rows });
console.log(md);
