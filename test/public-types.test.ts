// The public types say what docs/output.md and the README document; checked by `tsc -p tsconfig.check.json`.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { InterruptedError, type WindowFinding } from '../src/index.js';

describe('public types', () => {
  it('name the window types and the interrupted exit code', () => {
    expectTypeOf<WindowFinding['type']>().toEqualTypeOf<'traffic_spike' | 'error_spike' | 'latency_degradation' | 'bot_traffic'>();
    expectTypeOf<InterruptedError['exitCode']>().toEqualTypeOf<130>();
    expect(new InterruptedError().exitCode).toBe(130);
  });
});
