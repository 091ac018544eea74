// BERT WordPiece tokenization (uncased), as the Hugging Face tokenizer of the shipped model does it
// (BertNormalizer → BertPreTokenizer → WordPiece → [CLS] … [SEP]), with a memo per pre-token:
// request texts are made of few distinct words (`wp`, `content`, `0`, `/`), so most words are
// looked up once per scan instead of being split again in every text.
// test/embed/wordpiece.test.ts compares it with @huggingface/tokenizers on real request texts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Words the memo holds before it starts over (a high-cardinality log must not grow it without end). */
const MEMO_LIMIT = 200_000;
const MAX_WORD_CHARS = 100;
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

// tokenizers' BertNormalizer: control characters (Unicode category C but tab, newline, return), NUL
// and U+FFFD are dropped; whitespace becomes a space; CJK ideographs are padded with spaces.
const CONTROL = /[\p{C}\uFFFD]/u;
const WHITESPACE = /\s/u;
const CJK = /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\u{2F800}-\u{2FA1F}]/u;
const MARK = /\p{Mn}/gu;
// BertPreTokenizer: ASCII punctuation (which includes $ + < = > ^ ` | ~) or any Unicode punctuation.
const PUNCTUATION = /[!-/:-@[-`{-~\p{P}]/u;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export class WordPiece {
  readonly #vocab: Map<string, number>;
  readonly #memo = new Map<string, readonly number[]>();
  readonly #special: RegExp;
  readonly cls: number;
  readonly sep: number;
  readonly unk: number;

  constructor(vocab: readonly string[]) {
    this.#vocab = new Map(vocab.map((token, id) => [token, id]));
    const id = (token: string) => {
      const found = this.#vocab.get(token);
      if (found === undefined) throw new Error(`the vocabulary has no ${token}`);
      return found;
    };
    this.cls = id('[CLS]');
    this.sep = id('[SEP]');
    this.unk = id('[UNK]');
    const present = SPECIAL.filter((token) => this.#vocab.has(token));
    this.#special = new RegExp(`(${present.map((token) => token.replace(/[[\]]/g, '\\$&')).join('|')})`);
  }

  /** Reads MODEL/vocab.txt, one token a line, the line number being its id. */
  static fromModelDir(dir: string): WordPiece {
    const lines = readFileSync(join(dir, 'vocab.txt'), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return new WordPiece(lines.map((line) => line.replace(/\r$/, '')));
  }

  /** The ids of `text` between [CLS] and [SEP], cut to `maxTokens` as the Hugging Face tokenizer cuts. */
  encode(text: string, maxTokens = Infinity): number[] {
    const ids = [this.cls];
    // Special tokens written in the text are matched before normalization, as added tokens are.
    const parts = text.includes('[') ? text.split(this.#special) : [text];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i % 2 === 1) ids.push(this.#vocab.get(part)!);
      else if (part !== '') this.#encodePart(part, ids);
    }
    if (ids.length + 1 > maxTokens) ids.length = Math.max(maxTokens - 1, 1);
    ids.push(this.sep);
    return ids;
  }

  #encodePart(raw: string, out: number[]): void {
    const text = PLAIN_ASCII.test(raw) ? raw.toLowerCase() : normalize(raw);
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text[i]! : ' ';
      const space = c === ' ';
      const punct = !space && PUNCTUATION.test(c);
      if (space || punct) {
        if (start >= 0) this.#pushWord(text.slice(start, i), out);
        start = -1;
        if (punct) this.#pushWord(c, out);
      } else if (start < 0) {
        start = i;
      }
    }
  }

  #pushWord(word: string, out: number[]): void {
    let ids = this.#memo.get(word);
    if (ids === undefined) {
      ids = this.#wordPieces(word);
      if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
      this.#memo.set(word, ids);
    }
    for (const id of ids) out.push(id);
  }

  /** Greedy longest-match-first; a word with a piece outside the vocabulary is one [UNK]. */
  #wordPieces(word: string): readonly number[] {
    const chars = [...word];
    if (chars.length > MAX_WORD_CHARS) return [this.unk];
    const ids: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        found = this.#vocab.get(piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unk];
      ids.push(found);
      start = end;
    }
    return ids;
  }
}

/** BertNormalizer with lowercase and accent stripping, for texts beyond printable ASCII. */
function normalize(text: string): string {
  let cleaned = '';
  for (const c of text) {
    if (c === '\0' || (CONTROL.test(c) && c !== '\t' && c !== '\n' && c !== '\r')) continue;
    if (WHITESPACE.test(c)) cleaned += ' ';
    else if (CJK.test(c)) cleaned += ` ${c} `;
    else cleaned += c;
  }
  return cleaned.normalize('NFD').replace(MARK, '').toLowerCase();
}
