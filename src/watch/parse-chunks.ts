// Complete lines of followed files → LogRecords and malformed lines, with the file's true line
// numbers. The format of each file is detected once from its first lines (or forced), and a file
// resumed after a restart first shows its `#` header lines to its parser (CloudFront's #Fields).

import type { ForwardedClient } from '../features/forwarded-client.js';
import { detectFormat } from '../parse/detect.js';
import { FileIngest } from '../parse/file-ingest.js';
import type { LineParser, LogFormat } from '../parse/log-format.js';
import { MALFORMED } from '../parse/malformed-codes.js';
import { getFormat } from '../parse/registry.js';
import type { LogRecord, MalformedLine } from '../types.js';
import type { FileChunk } from './file-follower.js';

export interface ParseSettings {
  /** A registry name, or null to detect per file. */
  format: LogFormat | null;
  logFormat: string | undefined;
  maxLineBytes: number;
  /** Reads the client behind a trusted proxy from X-Forwarded-For, as scan's --trusted-proxy does. */
  forwarded?: ForwardedClient;
  /** An IPv6 client's network, as scan's --ipv6-prefix counts it (features/ipv6-network.ts). */
  network?: (address: string) => string;
}

export interface ParsedChunk {
  records: LogRecord[];
  malformed: MalformedLine[];
}

export class ChunkParser {
  readonly #parsers = new WeakMap<object, LineParser>();
  readonly #settings: ParseSettings;
  /** Records whose client was read from X-Forwarded-For; undefined without `forwarded`. */
  readThroughProxies: number | undefined;

  constructor(settings: ParseSettings) {
    this.#settings = settings;
    if (settings.forwarded) this.readThroughProxies = 0;
  }

  /** `key` stands for one followed file (its state object; stdin has its own). */
  parse(key: object, chunk: Pick<FileChunk, 'pieces' | 'lineBefore' | 'head'> & { file: { name: string; format: string | null; offset?: number } }): ParsedChunk {
    const out: ParsedChunk = { records: [], malformed: [] };
    const format = this.#formatOf(chunk);
    let line = chunk.lineBefore;
    for (const piece of chunk.pieces) {
      if (piece.kind === 'lineEnd') line++;
      else if (piece.kind === 'overlong') {
        out.malformed.push({ file: chunk.file.name, line: line + 1, code: MALFORMED.lineTooLong, excerpt: piece.excerpt });
      } else if (format === null) line += this.#unknown(piece.bytes, chunk.file.name, line, out);
      else line += this.#ingest(key, format, piece.bytes, chunk, line, out);
    }
    return out;
  }

  #formatOf(chunk: Pick<FileChunk, 'head'> & { file: { format: string | null } }): LogFormat | null {
    if (this.#settings.format !== null) {
      chunk.file.format = this.#settings.format.name;
      return this.#settings.format;
    }
    if (chunk.file.format === null && chunk.head !== undefined) chunk.file.format = detectFormat(completeLines(chunk.head));
    return chunk.file.format === null ? null : getFormat(chunk.file.format);
  }

  #ingest(key: object, format: LogFormat, bytes: Buffer, chunk: Pick<FileChunk, 'head'> & { file: { name: string } }, lineBefore: number, out: ParsedChunk): number {
    let parser = this.#parsers.get(key);
    if (parser === undefined) {
      parser = format.createParser(this.#settings.logFormat === undefined ? {} : { logFormat: this.#settings.logFormat });
      // Resumed mid-file: the header lines it read before the restart still describe the fields.
      if (lineBefore > 0 && chunk.head !== undefined) for (const text of completeLines(chunk.head)) if (text.startsWith('#')) parser.comment?.(text);
      this.#parsers.set(key, parser);
    }
    const ingest = new FileIngest({
      file: chunk.file.name,
      format,
      parser,
      maxLineBytes: this.#settings.maxLineBytes,
      batchSize: Number.MAX_SAFE_INTEGER,
      onMalformed: (bad) => out.malformed.push({ ...bad, line: bad.line + lineBefore }),
    });
    ingest.push(bytes);
    ingest.end();
    for (const batch of ingest.takeBatches(true)) {
      for (const record of batch) {
        record.line += lineBefore;
        if (this.#settings.forwarded?.(record)) this.readThroughProxies!++;
        if (this.#settings.network) record.clientIp = this.#settings.network(record.clientIp);
        out.records.push(record);
      }
    }
    return countNewlines(bytes);
  }

  /** No format matches the file's first lines: its lines are malformed until one does (or --format says). */
  #unknown(bytes: Buffer, file: string, lineBefore: number, out: ParsedChunk): number {
    const lines = completeLines(bytes);
    lines.forEach((text, i) => {
      if (text.trim() !== '') out.malformed.push({ file, line: lineBefore + i + 1, code: MALFORMED.badSyntax, excerpt: text.slice(0, 200) });
    });
    return lines.length;
  }
}

function completeLines(bytes: Buffer): string[] {
  const end = bytes.lastIndexOf(10);
  if (end === -1) return [];
  return bytes.toString('utf8', 0, end).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
