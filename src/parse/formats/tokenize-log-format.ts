// Splits an Apache LogFormat string into literals and directives (`%h`, `%>s`, `%{Referer}i`,
// `%400,501{User-Agent}i`), rejecting what Apache would reject, with a message that says what to fix.
import { UsageError } from '../../errors.js';

export interface Directive {
  /** The directive letter (`h`, `s`, `i`, ...) or `^ti` / `^to` / `^FB`. */
  letter: string;
  /** The `{...}` argument, `''` when absent. */
  arg: string;
  /** `>` (final), `<` (original) or `''`. */
  modifier: string;
  /** The directive as written, for messages and as a fallback `extras` key. */
  text: string;
}

export type LogFormatToken = { literal: string } | { directive: Directive };

/** Every directive letter of Apache 2.4 mod_log_config, plus mod_logio (%I %O %S) and mod_ssl (%x %c). */
export const DIRECTIVE_LETTERS = 'aAbBCDefhHiklLmnopPqrRsStTuUvVXIOxc';

/** Directives spelled with a caret: trailers (mod_log_config) and time to first byte (mod_logio). */
const CARET_DIRECTIVES = ['^ti', '^to', '^FB'];

const HINT = 'e.g. --log-format \'%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"\' (see docs/formats.md)';

/** `\"`, `\t`, `\n` and `\\` as written in an Apache config file, so a LogFormat can be pasted as is. */
function unescapeConfig(format: string): string {
  return format.replace(/\\(["\\tn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

export function tokenizeLogFormat(format: string): LogFormatToken[] {
  const s = unescapeConfig(format);
  const tokens: LogFormatToken[] = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    if (s[i + 1] === '%') {
      literal += '%';
      i += 2;
      continue;
    }
    const start = i++;
    let modifier = '';
    if (s[i] === '<' || s[i] === '>') modifier = s[i++] as string;
    // Status conditions such as `!200,304` or `400,501` only decide whether Apache logs the field.
    while (i < s.length && /[!0-9,]/.test(s[i] as string)) i++;
    let arg = '';
    if (s[i] === '{') {
      const close = s.indexOf('}', i);
      if (close === -1) throw new UsageError(`unterminated %{ in --log-format at position ${start + 1}`, { hint: HINT });
      arg = s.slice(i + 1, close);
      i = close + 1;
    }
    let letter = s[i] ?? '';
    if (letter === '^' && CARET_DIRECTIVES.some((d) => s.startsWith(d, i))) letter = s.slice(i, i + 3);
    else if (!DIRECTIVE_LETTERS.includes(letter) || letter === '') {
      throw new UsageError(`unknown directive ${s.slice(start, i + 1) || '%'} in --log-format at position ${start + 1}`, {
        hint: `Apache directives are %${DIRECTIVE_LETTERS.split('').join(' %')} and ${CARET_DIRECTIVES.map((d) => `%${d}`).join(' ')}; ${HINT}`,
      });
    }
    i += letter.length;
    if (literal !== '') tokens.push({ literal });
    literal = '';
    tokens.push({ directive: { letter, arg, modifier, text: s.slice(start, i) } });
  }
  if (literal !== '') tokens.push({ literal });
  return tokens;
}
