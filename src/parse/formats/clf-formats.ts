// The CLF family in the registry: combined (Apache/nginx default), common (Tomcat's default
// AccessLogValve pattern, Apache `common`) and vhost-combined (Debian's other_vhosts_access.log).
import { scoreByParsing, type LogFormat } from '../log-format.js';
import { parseClfLine } from './clf-line.js';

/** Whether the line ends with a quoted field (trailing blanks and a wrapping quote pair ignored). */
function endsWithQuote(text: string): boolean {
  const trimmed = text.trimEnd();
  const end = trimmed.startsWith('"') ? trimmed.length - 1 : trimmed.length;
  return trimmed.charCodeAt(end - 1) === 34 /* " */;
}

// All three share one tolerant parser: a `common` file with referer and agent still parses fully.
// They differ in what detection looks for and in the name the summary reports.

export const combinedFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'combined',
  description: 'Apache/nginx combined: %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" [extra fields]',
  framing: 'line',
  // A line without the quoted referer and agent is `common`; requiring them lets `common` win on Tomcat logs.
  detect: (sample) => scoreByParsing(combinedFormat.createParser(), sample, (_, text) => endsWithQuote(text)),
  createParser: () => ({ parse: (text, file, line) => parseClfLine(text, file, line, false) }),
});

export const commonFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'common',
  description: 'Common Log Format (Apache common, Tomcat default): %h %l %u %t "%r" %>s %b',
  framing: 'line',
  detect: (sample) => scoreByParsing(commonFormat.createParser(), sample),
  createParser: () => ({ parse: (text, file, line) => parseClfLine(text, file, line, false) }),
});

export const vhostCombinedFormat: LogFormat = Object.freeze<LogFormat>({
  name: 'vhost-combined',
  description: 'Apache vhost_combined: %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"',
  framing: 'line',
  detect: (sample) => scoreByParsing(vhostCombinedFormat.createParser(), sample),
  createParser: () => ({ parse: (text, file, line) => parseClfLine(text, file, line, true) }),
});
