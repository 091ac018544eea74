// Progress on stderr for long scans: one line, rewritten in place at most five times a second.
// Only the CLI prints; the library just reports events.

import type { ProgressEvent, ProgressListener } from '../types.js';

export interface ProgressPrinter {
  listener: ProgressListener | undefined;
  /** Erases the progress line so that what follows starts on a clean line. */
  done(): void;
}

const INTERVAL_MS = 200;

export function createProgressPrinter(stream: NodeJS.WriteStream, enabled: boolean, nowMs = () => performance.now()): ProgressPrinter {
  if (!enabled) return { listener: undefined, done() {} };
  let read = 0;
  let embedded = 0;
  let toEmbed = 0;
  let stage = 'reading';
  let embedStartMs: number | undefined;
  let lastDrawMs = -Infinity;
  let drawn = false;
  const draw = (force: boolean) => {
    const now = nowMs();
    if (!force && now - lastDrawMs < INTERVAL_MS) return;
    lastDrawMs = now;
    let line = `semlog: ${stage} · ${read.toLocaleString('en')} lines read`;
    if (toEmbed > 0) {
      line += ` · ${embedded.toLocaleString('en')}/${toEmbed.toLocaleString('en')} texts embedded`;
      if (embedStartMs !== undefined && embedded > 0 && embedded < toEmbed) {
        const etaSeconds = ((now - embedStartMs) / embedded) * (toEmbed - embedded) / 1000;
        line += ` · ETA ${Math.ceil(etaSeconds)} s`;
      }
    }
    stream.write(`\r${line}\u001b[K`);
    drawn = true;
  };
  return {
    listener(event: ProgressEvent) {
      if (event.stage === 'parse') read = event.done;
      else if (event.stage === 'embed') {
        embedStartMs ??= nowMs();
        embedded = event.done;
        toEmbed = event.total ?? toEmbed;
      } else stage = event.stage === 'index' ? 'indexing' : event.stage === 'cluster' ? 'clustering' : stage;
      draw(event.stage !== 'parse' && event.stage !== 'embed');
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
