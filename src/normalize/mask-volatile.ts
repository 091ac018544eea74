// Masks the tokens that differ between otherwise identical requests (ids, numbers, hashes, session
// tokens), so that one request shape gives one text. Attack syntax (quotes, ../, <script, SQL
// keywords, shell metacharacters) is never touched: only runs of word characters are replaced.
//
// Every pattern is a single character-class run or a fixed-shape sequence: linear on any input.
// Placeholders are single wordpieces of the model's vocabulary (`<n>` would cost three tokens, and
// inference time grows with tokens).

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
/** Hex digests and ids: 12+ hex digits. */
const HEX_RUN = /\b[0-9a-f]{12,}\b/gi;
/** Session tokens, API keys, base64 blobs: long runs mixing letters and digits. */
const TOKEN_RUN = /[A-Za-z0-9_\-]{20,}={0,2}/g;
const DIGITS = /\d+/g;

export function maskVolatile(text: string): string {
  return text
    .replace(UUID, 'uuid')
    .replace(IPV4, 'ip')
    .replace(HEX_RUN, (run) => (/\d/.test(run) ? 'hex' : run))
    .replace(TOKEN_RUN, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? 'token' : run))
    .replace(DIGITS, '0');
}
