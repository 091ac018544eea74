// Embedding throughput (texts/s) of the worker pool: backends, workers × threads, batch sizes.
// All settings run in one process on the same texts, so the ratios are comparable on a noisy machine.
//
//   npm run build && npx tsx bench/embed/embed.bench.ts [--texts 2000]   → bench/embed/results.{md,json}

import { createPoolEmbedder, type PoolEmbedderOptions } from '../../src/embed/pool-embedder.js';
import { realRequestTexts } from '../real-request-texts.js';
import { describeRun, QUICK, runMeta, writeResults } from '../report/bench-results.js';

interface Setting {
  label: string;
  options: PoolEmbedderOptions;
}

const count = Number(process.argv.includes('--texts') ? process.argv[process.argv.indexOf('--texts') + 1] : QUICK ? 200 : 2000);
const texts = await realRequestTexts(count);

const settings: Setting[] = [
  { label: 'ort, 1 worker × 1 thread, batch 8', options: { backend: 'ort', workers: 1, threadsPerWorker: 1, batchSize: 8 } },
  { label: 'ort, 1 worker × 2 threads, batch 8', options: { backend: 'ort', workers: 1, threadsPerWorker: 2, batchSize: 8 } },
  { label: 'ort, 2 workers × 1 thread, batch 8 (default)', options: { backend: 'ort', workers: 2, threadsPerWorker: 1, batchSize: 8 } },
  { label: 'ort, 2 workers × 1 thread, batch 1', options: { backend: 'ort', workers: 2, threadsPerWorker: 1, batchSize: 1 } },
  { label: 'ort, 2 workers × 1 thread, batch 4', options: { backend: 'ort', workers: 2, threadsPerWorker: 1, batchSize: 4 } },
  { label: 'ort, 2 workers × 1 thread, batch 16', options: { backend: 'ort', workers: 2, threadsPerWorker: 1, batchSize: 16 } },
  { label: 'ort, 2 workers × 1 thread, batch 64', options: { backend: 'ort', workers: 2, threadsPerWorker: 1, batchSize: 64 } },
  { label: 'transformers.js, 1 worker × 1 thread, batch 8', options: { backend: 'transformers', workers: 1, threadsPerWorker: 1, batchSize: 8 } },
  { label: 'transformers.js, 2 workers × 1 thread, batch 8', options: { backend: 'transformers', workers: 2, threadsPerWorker: 1, batchSize: 8 } },
];

const rows: Array<{ label: string; loadMs: number; textsPerSecond: number }> = [];
let modelId = '';
for (const setting of settings) {
  const loadStart = performance.now();
  const embedder = await createPoolEmbedder(setting.options);
  modelId = embedder.modelId;
  await embedder.embed(texts.slice(0, 4 * (setting.options.workers ?? 1))); // load the model in every worker
  const loadMs = performance.now() - loadStart;
  const start = performance.now();
  await embedder.embed(texts);
  const seconds = (performance.now() - start) / 1000;
  await embedder.close();
  rows.push({ label: setting.label, loadMs, textsPerSecond: texts.length / seconds });
  console.log(`${setting.label}: ${(texts.length / seconds).toFixed(0)} texts/s (load ${loadMs.toFixed(0)} ms)`);
}

const reference = rows[0]!.textsPerSecond;
const table = rows
  .map((r) => `| ${r.label} | ${r.textsPerSecond.toFixed(0)} | ${(r.textsPerSecond / reference).toFixed(2)}× | ${r.loadMs.toFixed(0)} |`)
  .join('\n');
const meanChars = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
const meta = runMeta(`npx tsx bench/embed/embed.bench.ts --texts ${texts.length}`);
writeResults(
  'embed/results',
  meta,
  `# Embedding throughput

${describeRun(meta)}
${texts.length} distinct request texts from real logs in ../shared/data (mean ${meanChars.toFixed(0)} characters), all-MiniLM-L6-v2 as shipped (${modelId}).
Throughput excludes model loading (shown separately: start of the pool until every worker has embedded once).
Ratios are against the first row, measured in the same run.

| setting | texts/s | ratio | load ms |
|---|---:|---:|---:|
${table}
`,
  { texts: texts.length, meanChars, modelId, rows },
);
