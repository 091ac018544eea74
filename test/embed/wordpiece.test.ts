// The JS WordPiece must give exactly the ids of the Hugging Face tokenizer the model ships with: on
// the request texts of a real log, on the model's reference texts, and on the corners of BERT's
// normalizer (accents, CJK, control characters, special tokens written in a request, long words).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../src/embed/model-dir.js';
import { WordPiece } from '../../src/embed/wordpiece.js';
import { requestText } from '../../src/normalize/request-text.js';
import { readLogs } from '../../src/parse/read-logs.js';
import { FIXTURE } from '../cli/run-cli.js';

const dir = defaultModelDir();
const reference = new Tokenizer(
  JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object,
  JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as object,
);
const referenceTexts = (JSON.parse(readFileSync(new URL('../fixtures/embeddings/reference.json', import.meta.url), 'utf8')) as { items: Array<{ text: string }> }).items.map((item) => item.text);

const CORNERS = [
  'GET /é?q=naïve café',
  'GET /search?q=中文字符 and 日本',
  'GET /x\u0000y\u200bz\ttab\u00a0nbsp',
  'GET /[UNK]/[CLS]?a=[SEP]b&c=[cls]',
  `GET /${'a'.repeat(150)}?b=${'ß'.repeat(101)}`,
  "GET /İstanbul?x=ﬁ&y=Ω&z=\uFFFD",
  "GET /p?id=1' UNION SELECT username,password FROM users--",
  'GET /%3Cscript%3E<script>alert(1)</script>',
  '',
];

describe('WordPiece', () => {
  it('matches the Hugging Face tokenizer on real request texts, reference texts and corner cases', async () => {
    const texts = [...CORNERS, ...referenceTexts];
    for await (const batch of readLogs([FIXTURE])) for (const record of batch) texts.push(requestText(record));
    expect(texts.length).toBeGreaterThan(300);
    const tokenizer = WordPiece.fromModelDir(dir);
    // Twice: the second pass is served by the memo and must not differ.
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) expect(tokenizer.encode(text), text).toEqual(reference.encode(text).ids);
    }
  });

  it('truncates to maxTokens keeping [CLS] and [SEP]', () => {
    const tokenizer = WordPiece.fromModelDir(dir);
    const ids = tokenizer.encode(`GET /${'a/'.repeat(300)}`, 256);
    expect(ids).toHaveLength(256);
    expect(ids[0]).toBe(tokenizer.cls);
    expect(ids.at(-1)).toBe(tokenizer.sep);
    expect(ids.slice(0, 255)).toEqual(tokenizer.encode(`GET /${'a/'.repeat(300)}`).slice(0, 255));
  });
});
