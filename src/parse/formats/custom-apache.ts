// `--log-format`: any Apache LogFormat string, compiled once into a list of fields, each ending at
// the literal text that follows it. Matching is a single left-to-right pass with indexOf.
import { UsageError } from '../../errors.js';
import type { LogRecord } from '../../types.js';
import type { LineParser, LogFormat, ParserOptions, ParseResult } from '../log-format.js';
import { MALFORMED } from '../malformed-codes.js';
import { newRecord } from '../new-record.js';
import { isEscaped } from '../quoted-field.js';
import { parseClfLine } from './clf-line.js';
import { applyField, newLineState, resolveTime, type LineState } from './apply-field.js';
import { resolveTargets, type FieldTarget } from './resolve-targets.js';
import { tokenizeLogFormat, type Directive } from './tokenize-log-format.js';

interface Field {
  target: FieldTarget;
  /** The literal after the field; `''` for a field at the end of the line. */
  terminator: string;
  /** Between `"` and `"`: ends at an unescaped quote followed by the rest of the terminator. */
  quoted: boolean;
  /** Occurrences of the terminator inside the value itself (the space in `[... +0200]`). */
  skip: number;
  /** The next field is a number: a quote is only closing if a digit or `-` follows the terminator. */
  numberNext: boolean;
  /** No field follows. */
  last: boolean;
}

const NUMERIC_KINDS = new Set<FieldTarget['kind']>(['status', 'bytes', 'duration', 'epoch', 'fraction']);

/** The LogFormats that the hand-written CLF parser handles exactly; they skip the generic engine. */
const CLF_FORMATS = new Set([
  '%h %l %u %t "%r" %>s %b "%{referer}i" "%{user-agent}i"',
  '%h %l %u %t "%r" %>s %b',
  '%h %l %u %t "%r" %s %b',
]);

export function compileLogFormat(logFormat: string): (text: string, file: string, line: number) => ParseResult {
  const tokens = tokenizeLogFormat(logFormat);
  const normalized = tokens.map((t) => ('literal' in t ? t.literal : t.directive.text)).join('');
  if (CLF_FORMATS.has(normalized.replace(/\{[^}]*\}/g, (arg) => arg.toLowerCase()))) {
    return (text, file, line) => parseClfLine(text, file, line, false);
  }
  const prefix = 'literal' in (tokens[0] ?? {}) ? (tokens.shift() as { literal: string }).literal : '';
  const directives: Directive[] = [];
  const terminators: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as { directive: Directive };
    let next = tokens[i + 1];
    // `%U%q` is the usual way to log path and query: one field, split at the `?`.
    if (token.directive.text === '%U' && next !== undefined && 'directive' in next && next.directive.text === '%q') {
      token.directive = { letter: 'U', arg: '', modifier: '', text: '%U%q' };
      next = tokens[++i + 1];
    }
    if (next !== undefined && 'directive' in next) {
      throw new UsageError(`--log-format has ${token.directive.text} directly followed by ${next.directive.text}`, {
        hint: 'put a separator (a space, a quote, ...) between two directives so the fields can be told apart',
      });
    }
    directives.push(token.directive);
    terminators.push(next === undefined ? '' : (next as { literal: string }).literal);
    if (next !== undefined) i++;
  }
  if (directives.length === 0) throw new UsageError(`--log-format "${logFormat}" has no % directive`);
  const targets = resolveTargets(directives);
  const fields = targets.map((target, i): Field => {
    const terminator = terminators[i] as string;
    const before = i === 0 ? prefix : (terminators[i - 1] as string);
    const nextKind = targets[i + 1]?.kind;
    return {
      target,
      terminator,
      quoted: before.endsWith('"') && terminator.startsWith('"'),
      skip: countIn(valueShape(target), terminator),
      numberNext: nextKind !== undefined && NUMERIC_KINDS.has(nextKind),
      last: i === targets.length - 1,
    };
  });
  const hasTime = targets.some((t) => t.kind === 'apacheTime' || t.kind === 'strftime' || t.kind === 'epoch');
  const state = newLineState();
  return (text, file, line) => parseWithFields(text, file, line, prefix, fields, hasTime, state);
}

/** What a value looks like, as far as the separators inside it are concerned. */
function valueShape(target: FieldTarget): string {
  if (target.kind === 'apacheTime') return '[10/Oct/2000:13:55:36 -0700]';
  return target.kind === 'strftime' ? target.parser.literals : '';
}

function countIn(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}

function parseWithFields(
  text: string, file: string, line: number, prefix: string, fields: readonly Field[], hasTime: boolean, state: LineState,
): ParseResult {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (!text.startsWith(prefix)) return MALFORMED.badSyntax;
  const record: LogRecord = newRecord(file, line);
  state.baseMs = NaN;
  state.fractionMs = 0;
  let pos = prefix.length;
  for (const field of fields) {
    const valueEnd = findValueEnd(text, pos, end, field);
    if (valueEnd === -1) return field.quoted ? MALFORMED.unterminatedQuote : MALFORMED.badSyntax;
    const code = applyField(record, field.target, text, pos, valueEnd, state);
    if (code !== null) return code;
    pos = valueEnd + field.terminator.length;
  }
  if (hasTime) {
    record.timeMs = resolveTime(state);
    if (Number.isNaN(record.timeMs)) return MALFORMED.badTime;
  }
  return record;
}

function findValueEnd(text: string, pos: number, end: number, field: Field): number {
  const { terminator } = field;
  if (terminator === '') return end;
  if (!field.quoted) {
    let at = text.indexOf(terminator, pos);
    for (let k = 0; k < field.skip && at !== -1; k++) at = text.indexOf(terminator, at + terminator.length);
    return at > end ? -1 : at;
  }
  const rest = terminator.slice(1);
  for (let q = text.indexOf('"', pos); q !== -1 && q < end; q = text.indexOf('"', q + 1)) {
    const after = q + 1;
    const follows = rest === '' ? after >= end || text.charCodeAt(after) === 32 : text.startsWith(rest, after);
    if (!follows || isEscaped(text, q, pos)) continue;
    if (field.numberNext) {
      const c = text.charCodeAt(after + rest.length);
      if (!((c >= 48 && c <= 57) || c === 45)) continue;
    }
    return q;
  }
  // The last field cut off before its closing quote keeps what was logged, as in the CLF parser.
  return rest === '' && field.last ? end : -1;
}

function createCustomParser(options: ParserOptions = {}): LineParser {
  if (options.logFormat === undefined || options.logFormat.trim() === '') {
    throw new UsageError('the custom-apache format needs a LogFormat string', {
      hint: 'pass it with --log-format, e.g. --log-format \'%h %l %u %t "%r" %>s %b\'',
    });
  }
  return { parse: compileLogFormat(options.logFormat) };
}

export const customApacheFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'custom-apache',
  description: 'any Apache LogFormat given with --log-format (never auto-detected)',
  framing: 'line',
  detect: () => 0,
  createParser: createCustomParser,
});
