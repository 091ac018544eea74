// Log content in a chat message is attacker-controlled: it must not ping a channel, render a link,
// break out of its code span or smuggle invisible characters. Slack and Teams read the same escapes.

// C0/C1 controls, zero-width and bidi characters, line and paragraph separators, BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * `text` made safe to show inside a `code span`: invisible characters become spaces, backticks
 * become quotes (they would end the span), it is cut to `maxChars`, and `& < >` are escaped as
 * Slack requires (`<!channel>`, `<http://x|y>` and Teams' `<at>` become plain text).
 */
export function chatText(text: string, maxChars: number): string {
  let clean = text.replace(INVISIBLE, ' ').replaceAll('`', "'").replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length > maxChars) clean = `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
  return escapeChat(clean === '' ? '-' : clean);
}

/** Slack's three control characters; Teams renders the entities the same way. */
export function escapeChat(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
