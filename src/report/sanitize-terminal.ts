// Log content is attacker-controlled: no byte of it may drive the terminal (colours, cursor, title, OSC 8 links).

// C0 controls except tab, DEL, and the C1 range (which some terminals treat as ESC-prefixed sequences).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Bidi overrides can make displayed text differ from what was logged ("Trojan Source"); the line and
// paragraph separators break a line where no newline was logged.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** Replaces control, bidi and line-separator characters with visible `\xNN` / `\u{…}` escapes. */
export function sanitizeTerminal(text: string): string {
  return text
    .replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(BIDI, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

/** sanitizeTerminal for each line of a message of ours (an error and its hint) that may quote log content. */
export function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeTerminal).join('\n');
}
