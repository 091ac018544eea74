// The stable reasons a line is malformed. Reporters and docs/formats.md list them; never rename one.

export const MALFORMED = Object.freeze({
  lineTooLong: 'SEMLOG_LINE_TOO_LONG',
  binaryLine: 'SEMLOG_BINARY_LINE',
  truncatedLine: 'SEMLOG_TRUNCATED_LINE',
  badSyntax: 'SEMLOG_BAD_SYNTAX',
  unterminatedQuote: 'SEMLOG_UNTERMINATED_QUOTE',
  fieldCount: 'SEMLOG_FIELD_COUNT',
  badTime: 'SEMLOG_BAD_TIME',
  badStatus: 'SEMLOG_BAD_STATUS',
  badNumber: 'SEMLOG_BAD_NUMBER',
  badJson: 'SEMLOG_BAD_JSON',
  missingField: 'SEMLOG_MISSING_FIELD',
});

export type MalformedCode = (typeof MALFORMED)[keyof typeof MALFORMED];

/** One sentence per code, for `docs/formats.md` and for reporters that want to explain a code. */
export const MALFORMED_DESCRIPTIONS: Readonly<Record<MalformedCode, string>> = Object.freeze({
  SEMLOG_LINE_TOO_LONG: 'The line is longer than maxLineBytes; it was skipped without being buffered whole.',
  SEMLOG_BINARY_LINE: 'The line contains NUL bytes, or failed to parse and is mostly non-printable bytes.',
  SEMLOG_TRUNCATED_LINE: 'The input was damaged (truncated .gz, read error) in the middle of this line.',
  SEMLOG_BAD_SYNTAX: 'A separator, bracket or field the format requires is missing.',
  SEMLOG_UNTERMINATED_QUOTE: 'A quoted field has no closing quote before the next field.',
  SEMLOG_FIELD_COUNT: 'Fewer fields than the format requires (CloudFront, ALB).',
  SEMLOG_BAD_TIME: 'The timestamp is missing or cannot be parsed.',
  SEMLOG_BAD_STATUS: 'The HTTP status is not a number.',
  SEMLOG_BAD_NUMBER: 'A numeric field (bytes, duration) is not a number.',
  SEMLOG_BAD_JSON: 'The line is not a complete JSON object.',
  SEMLOG_MISSING_FIELD: 'The JSON object lacks a field the format requires (WAF httpRequest, clientIp, uri).',
});
