// Decides when a line that failed to parse is binary garbage rather than a broken request. Real logs
// contain long runs of non-printable bytes (honeypot logs record WebDAV overflow attempts byte for
// byte), so this only renames a failure, so that the report says "binary" instead of a misleading
// syntax error. A NUL byte condemns a line up front; the line splitter checks that on the bytes.

/** Whether `text` contains NUL, or more than half of it is control characters or U+FFFD (bytes that are not UTF-8). */
export function isBinaryLine(text: string): boolean {
  if (text.indexOf('\0') !== -1) return true;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127 || c === 0xfffd) bad++;
  }
  return bad * 2 > text.length;
}
