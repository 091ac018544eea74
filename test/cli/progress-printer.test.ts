import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from '../../src/cli/progress-printer.js';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('createProgressPrinter', () => {
  it('draws one rewritten line, throttled, with an ETA for embedding, and erases it at the end', () => {
    let now = 0;
    const { writes, stream } = fakeStream();
    const printer = createProgressPrinter(stream, true, () => now);
    printer.listener!({ stage: 'parse', done: 1000 });
    now = 50;
    printer.listener!({ stage: 'parse', done: 2000 }); // within 200 ms: not drawn
    now = 300;
    printer.listener!({ stage: 'embed', done: 0, total: 100 });
    now = 1300;
    printer.listener!({ stage: 'embed', done: 50, total: 100 });
    expect(writes).toEqual([
      '\rsemlog: reading · 1,000 lines read\u001b[K',
      '\rsemlog: reading · 2,000 lines read · 0/100 texts embedded\u001b[K',
      '\rsemlog: reading · 2,000 lines read · 50/100 texts embedded · ETA 1 s\u001b[K',
    ]);
    printer.done();
    printer.done();
    expect(writes.at(-1)).toBe('\r\u001b[K');
    expect(writes.filter((w) => w === '\r\u001b[K')).toHaveLength(1);
  });

  it('prints nothing when disabled', () => {
    const { writes, stream } = fakeStream();
    const printer = createProgressPrinter(stream, false);
    expect(printer.listener).toBeUndefined();
    printer.done();
    expect(writes).toEqual([]);
  });
});
