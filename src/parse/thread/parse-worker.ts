// The parse thread: splits and parses the bytes the main thread reads, one input after another, with
// the same FileIngest a single-threaded read uses, and sends the records back in columns. It imports
// only the parse stage's modules.

import { parentPort } from 'node:worker_threads';
import type { MalformedLine } from '../../types.js';
import { FileIngest } from '../file-ingest.js';
import { getFormat } from '../registry.js';
import type { ParseReply, ParseRequest } from './parse-protocol.js';
import { ColumnEncoder } from './record-columns.js';

const port = parentPort!;
const encoder = new ColumnEncoder();
let ingest: FileIngest | null = null;
let malformed: MalformedLine[] = [];

port.on('message', (request: ParseRequest) => {
  try {
    switch (request.type) {
      case 'file': {
        const format = getFormat(request.format);
        ingest = new FileIngest({
          file: request.file,
          format,
          parser: format.createParser(request.parserOptions),
          maxLineBytes: request.maxLineBytes,
          batchSize: request.batchSize,
          onMalformed: (line) => malformed.push(line),
        });
        return;
      }
      case 'chunk':
        current().push(Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength));
        return reply(false);
      case 'end':
        if (request.damaged) current().endDamaged();
        else current().end();
        return reply(true);
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message ?? String(error) } satisfies ParseReply);
  }
});

function current(): FileIngest {
  if (ingest === null) throw new Error('bytes came before their input was named');
  return ingest;
}

function reply(all: boolean): void {
  const source = current();
  const columns = encoder.encode(source.takeBatches(all));
  const message: ParseReply = { type: 'parsed', columns, malformed, lineCount: source.lineCount, malformedCount: source.malformedCount };
  malformed = [];
  port.postMessage(message, [columns.lines.buffer, columns.numbers.buffer, columns.nulls.buffer, columns.strings.buffer]);
}
