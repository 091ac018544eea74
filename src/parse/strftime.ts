// Parses timestamps written by an Apache `%{format}t` directive: the strftime pattern is compiled once
// into steps, and each step consumes a fixed number of characters (no regex, no backtracking).
import { UsageError } from '../errors.js';
import { monthFromAbbrev } from './civil-time.js';
import { parseOffset } from './apache-time.js';

export interface TimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC; 0 when the pattern has no %z (the log does not say, so UTC is assumed). */
  offsetMinutes: number;
  /** Set by %s instead of the civil fields. */
  epochSeconds: number;
}

type Step = string | 'Y' | 'm' | 'd' | 'H' | 'M' | 'S' | 'y' | 'b' | 'z' | 's';

/** Conversions made of others, expanded before compiling. */
const COMPOSITES: Readonly<Record<string, string>> = Object.freeze({
  T: '%H:%M:%S', F: '%Y-%m-%d', D: '%m/%d/%y', R: '%H:%M', h: '%b',
});

const SUPPORTED = 'Y m d H M S y b h z s T F D R %';

export interface StrftimeParser {
  /** The pattern's literal text, to count the separators a value contains. */
  readonly literals: string;
  /** Fills `parts` from `s[start, end)`; false unless the value matches the pattern exactly. */
  parse(s: string, start: number, end: number, parts: TimeParts): boolean;
}

export function compileStrftime(pattern: string): StrftimeParser {
  const steps: Step[] = [];
  let literals = '';
  const expanded = pattern.replace(/%([TFDRh])/g, (_, c: string) => COMPOSITES[c] as string);
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i] as string;
    if (c !== '%') {
      steps.push(` ${c}`);
      literals += c;
      continue;
    }
    const conversion = expanded[++i];
    if (conversion === '%') {
      steps.push(' %');
      literals += '%';
    } else if (conversion !== undefined && 'YmdHMSybzs'.includes(conversion)) {
      steps.push(conversion as Step);
    } else {
      throw new UsageError(`unsupported strftime conversion %${conversion ?? ''} in time format "${pattern}"`, {
        hint: `supported conversions: ${SUPPORTED.split(' ').map((x) => `%${x}`).join(' ')}`,
      });
    }
  }
  return { literals, parse: (s, start, end, parts) => runSteps(steps, s, start, end, parts) };
}

function digits(s: string, i: number, count: number): number {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const WIDTH: Readonly<Record<string, number>> = Object.freeze({ Y: 4, m: 2, d: 2, H: 2, M: 2, S: 2, y: 2, b: 3, z: 5 });

function runSteps(steps: readonly Step[], s: string, start: number, end: number, parts: TimeParts): boolean {
  let i = start;
  for (const step of steps) {
    if (step.length === 2) {
      if (s[i] !== step[1]) return false;
      i++;
      continue;
    }
    if (step === 's') {
      let j = i;
      while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (j === i) return false;
      parts.epochSeconds = Number(s.slice(i, j));
      i = j;
      continue;
    }
    const width = WIDTH[step] as number;
    if (i + width > end) return false;
    const value = step === 'b' ? monthFromAbbrev(s, i) : step === 'z' ? parseOffset(s, i) : digits(s, i, width);
    if (value < 0 && step !== 'z') return false;
    if (step === 'z' && Number.isNaN(value)) return false;
    setPart(parts, step, value);
    i += width;
  }
  return i === end;
}

function setPart(parts: TimeParts, step: Step, value: number): void {
  switch (step) {
    case 'Y': parts.year = value; break;
    case 'y': parts.year = 2000 + value; break;
    case 'm': case 'b': parts.month = value; break;
    case 'd': parts.day = value; break;
    case 'H': parts.hour = value; break;
    case 'M': parts.minute = value; break;
    case 'S': parts.second = value; break;
    default: parts.offsetMinutes = value;
  }
}
