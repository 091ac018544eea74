// The messages between the main thread and the parse thread (threaded-ingest.ts, parse-worker.ts).

import type { MalformedLine } from '../../types.js';
import type { ParserOptions } from '../log-format.js';
import type { RecordColumns } from './record-columns.js';

export type ParseRequest =
  /** The next input starts: the parse thread makes its parser, as FileIngest's options say. */
  | { type: 'file'; file: string; format: string; parserOptions: ParserOptions; maxLineBytes: number; batchSize: number }
  /** The input's next bytes: answered by one `parsed`. */
  | { type: 'chunk'; bytes: Uint8Array<ArrayBuffer> }
  /** The input ended (`damaged`: it broke off): answered by one `parsed` with the last partial batch. */
  | { type: 'end'; damaged: boolean };

export type ParseReply =
  | {
      type: 'parsed';
      /** The full batches so far (after `end`, the partial one too). */
      columns: RecordColumns;
      /** The malformed lines the message's bytes held, in order. */
      malformed: MalformedLine[];
      lineCount: number;
      malformedCount: number;
    }
  | { type: 'failed'; message: string };
