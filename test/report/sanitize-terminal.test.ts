import { describe, expect, it } from 'vitest';
import { sanitizeTerminal } from '../../src/report/sanitize-terminal.js';

describe('sanitizeTerminal', () => {
  it('turns escape sequences into visible text', () => {
    const hostile = 'GET /\u001b[2J\u001b]0;pwned\u0007\u001b[31mred';
    const safe = sanitizeTerminal(hostile);
    expect(safe).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
    expect(safe).toBe('GET /\\x1b[2J\\x1b]0;pwned\\x07\\x1b[31mred');
  });

  it('neutralises C1 controls, newlines and bidi overrides', () => {
    expect(sanitizeTerminal('a\u009bb\nc\rd')).toBe('a\\x9bb\\x0ac\\x0dd');
    expect(sanitizeTerminal('admin\u202egnp.exe')).toBe('admin\\u{202e}gnp.exe');
  });

  it('keeps printable text, tabs and non-ASCII', () => {
    expect(sanitizeTerminal('GET /при?q=日本\t✓')).toBe('GET /при?q=日本\t✓');
  });
});
