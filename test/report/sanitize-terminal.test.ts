import { describe, expect, it } from 'vitest';
import { sanitizeLines, sanitizeTerminal } from '../../src/report/sanitize-terminal.js';

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

  it('neutralises the line and paragraph separators, which break a line where none was logged', () => {
    expect(sanitizeTerminal('Mozilla\u2028x\u2029y')).toBe('Mozilla\\u{2028}x\\u{2029}y');
  });

  it('sanitizeLines keeps the newlines of a message of ours and escapes the rest', () => {
    expect(sanitizeLines('cannot detect x\u001b]0;T\u0007y\nhint \u009b')).toBe('cannot detect x\\x1b]0;T\\x07y\nhint \\x9b');
  });

  it('keeps printable text, tabs and non-ASCII', () => {
    expect(sanitizeTerminal('GET /при?q=日本\t✓')).toBe('GET /при?q=日本\t✓');
  });
});
