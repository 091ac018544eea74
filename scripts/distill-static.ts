// Distils the shipped MiniLM into a static embedding: one vector per vocabulary token, the
// model's own sentence vector of `[CLS] token [SEP]` (mean-pooled over the three positions and
// L2-normalized, as src/embed/mean-pool.ts does for every text). Reproducible: the same ONNX file
// gives the same bytes (onnxruntime on one thread, fixed batch order).
//
//   npx tsx scripts/distill-static.ts [--model models/all-MiniLM-L6-v2] [--check]
//
// Writes MODEL/static/token-vectors.bin and MODEL/static/meta.json (format: src/embed/static-vectors.ts).
// --check recomputes and compares with the files on disk instead of writing (exit 1 when they differ).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { meanPoolNormalize } from '../src/embed/mean-pool.js';
import { inspectModelDir } from '../src/embed/model-dir.js';
import { modelCacheKey } from '../src/embed/model-key.js';
import { encodeStaticVectors, STATIC_DIR, STATIC_FILES, type StaticMeta } from '../src/embed/static-vectors.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const model = inspectModelDir(resolve(arg('--model') ?? 'models/all-MiniLM-L6-v2'));
const check = process.argv.includes('--check');

const vocab = readFileSync(join(model.dir, 'vocab.txt'), 'utf8').split('\n');
if (vocab.at(-1) === '') vocab.pop();
const cls = vocab.indexOf('[CLS]');
const sep = vocab.indexOf('[SEP]');
if (cls < 0 || sep < 0) throw new Error(`${model.dir}/vocab.txt has no [CLS] or [SEP]`);

const session = await ort.InferenceSession.create(join(model.dir, model.weightsFile), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const wantsTypeIds = session.inputNames.includes('token_type_ids');
const dim = model.hiddenSize;
const vectors = new Float32Array(vocab.length * dim);
const BATCH = 512;
const started = performance.now();
for (let first = 0; first < vocab.length; first += BATCH) {
  const batch = Math.min(BATCH, vocab.length - first);
  const ids = new BigInt64Array(batch * 3);
  for (let b = 0; b < batch; b++) ids.set([BigInt(cls), BigInt(first + b), BigInt(sep)], b * 3);
  const mask = new BigInt64Array(batch * 3).fill(1n);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, [batch, 3]),
    attention_mask: new ort.Tensor('int64', mask, [batch, 3]),
  };
  if (wantsTypeIds) feeds['token_type_ids'] = new ort.Tensor('int64', new BigInt64Array(batch * 3), [batch, 3]);
  const result = await session.run(feeds);
  const hidden = (result['last_hidden_state'] ?? Object.values(result)[0]!).data as Float32Array;
  vectors.set(meanPoolNormalize(hidden, mask, batch, 3, dim), first * dim);
}
await session.release();

const bytes = encodeStaticVectors(vectors, vocab.length, dim);
const meta: StaticMeta = {
  method: 'mean-pooled, L2-normalized last_hidden_state of [CLS] token [SEP], one per vocab.txt line; int8 per row with a float32 scale',
  modelKey: modelCacheKey(join(model.dir, model.weightsFile)),
  vocabSize: vocab.length,
  dim,
  sha256: createHash('sha256').update(bytes).digest('hex'),
};
const out = join(model.dir, STATIC_DIR);
console.error(`${vocab.length} tokens × ${dim} in ${((performance.now() - started) / 1000).toFixed(1)} s; ${(bytes.length / 1e6).toFixed(1)} MB; sha256 ${meta.sha256}`);
if (check) {
  const shipped = JSON.parse(readFileSync(join(out, STATIC_FILES.meta), 'utf8')) as StaticMeta;
  const same = shipped.sha256 === meta.sha256 && shipped.modelKey === meta.modelKey && createHash('sha256').update(readFileSync(join(out, STATIC_FILES.vectors))).digest('hex') === meta.sha256;
  console.error(same ? 'the shipped static vectors match' : `MISMATCH: shipped ${shipped.sha256}, recomputed ${meta.sha256}`);
  process.exitCode = same ? 0 : 1;
} else {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, STATIC_FILES.vectors), bytes);
  writeFileSync(join(out, STATIC_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
}
