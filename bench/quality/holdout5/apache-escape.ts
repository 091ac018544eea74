// Writes a request line as Apache httpd 2.0.46 and later log it (mod_log_config, `%r`): the 2004
// honeypot's Apache 1.3 wrote raw bytes, which a log of today never holds.

const C_STYLE: Record<string, string> = { '\b': '\\b', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/**
 * `text` (one char per byte, as read with latin1) with `"` and `\` backslash-escaped, whitespace
 * control characters in C notation, and every other byte outside printable ASCII as `\xhh`
 * (lower-case hex, as httpd's ap_escape_logitem writes it).
 */
export function apacheEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code > 0xff) throw new Error('apacheEscape: expects one char per byte (read the log as latin1)');
    out += C_STYLE[ch] ?? (code < 0x20 || code > 0x7e ? `\\x${code.toString(16).padStart(2, '0')}` : ch);
  }
  return out;
}
