// WordPiece tokenization speed: the Hugging Face tokenizer (@huggingface/tokenizers, what the ort
// encoder used) against semlog's JS WordPiece with a memo per pre-token (src/embed/wordpiece.ts),
// on the same real request texts in the same run. A fresh WordPiece per round, so its memo starts
// empty each time, as in a scan. Writes bench/embed/tokenize-results.{md,json}.
//
//   npx tsx bench/embed/tokenize.bench.ts

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { WordPiece } from '../../src/embed/wordpiece.js';
import { realRequestTexts } from '../real-request-texts.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const dir = defaultModelDir();
const texts = await realRequestTexts(20_000);
const ROUNDS = 5;

function fastest(fn: () => void): number {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

const hf = new Tokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object, JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as object);
const hfSeconds = fastest(() => {
  for (const text of texts) hf.encode(text);
});
const wpSeconds = fastest(() => {
  const tokenizer = WordPiece.fromModelDir(dir);
  for (const text of texts) tokenizer.encode(text);
});
const data = { texts: texts.length, rounds: ROUNDS, hfTextsPerSecond: texts.length / hfSeconds, wordPieceTextsPerSecond: texts.length / wpSeconds, ratio: hfSeconds / wpSeconds };
const meta = runMeta('npx tsx bench/embed/tokenize.bench.ts');
console.log(data);
writeResults(
  'embed/tokenize-results',
  meta,
  `# Tokenization speed (issue #19)

${describeRun(meta)}

${texts.length} distinct real request texts (bench/real-request-texts.ts), one thread, fastest of ${ROUNDS} rounds; the
WordPiece is built anew each round (its memo starts empty, as in a scan, and the vocabulary load is counted).

| tokenizer | texts/s |
|---|---:|
| @huggingface/tokenizers | ${Math.round(data.hfTextsPerSecond).toLocaleString('en')} |
| semlog WordPiece, memo per pre-token | ${Math.round(data.wordPieceTextsPerSecond).toLocaleString('en')} |
| ratio | **${data.ratio.toFixed(1)}×** |
`,
  data,
);
