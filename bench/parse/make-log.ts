// Builds large, realistic log files for benchmarks by replaying real lines from ../shared/data with
// fresh client IPs and increasing timestamps. Reusable: import makeLog(), or run make-log.bench-run.ts.
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data next to the repository (where CI puts it). */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export type ReplayFormat = 'combined' | 'cloudfront' | 'alb' | 'waf';

export interface MakeLogOptions {
  /** Which format to write; default combined. */
  format?: ReplayFormat;
  /** Number of log lines to write (header lines not counted). */
  lines: number;
  /** Where to write (overwritten). */
  out: string;
  /** PRNG seed: the same seed writes the same file. Default 1. */
  seed?: number;
  /** Time of the first line, epoch ms; default 2024-01-01T00:00:00Z. Lines are ~20 ms apart. */
  startMs?: number;
  /** Distinct client IPs to draw from (a few are heavy hitters, like real traffic); default 20,000. */
  ips?: number;
  /** Files under SHARED_DATA to replay instead of REPLAY_SOURCES[format] (e.g. one site only). */
  sources?: readonly string[];
}

export interface MadeLog {
  lines: number;
  bytes: number;
  /** The real files the lines were replayed from, relative to SHARED_DATA. */
  sources: string[];
}

/** Real files per format. Combined: every real combined sample (ocatak's wrapping quotes removed). */
export const REPLAY_SOURCES: Readonly<Record<ReplayFormat, readonly string[]>> = Object.freeze({
  combined: [
    'elastic-apache-logs/apache_logs.log',
    'secrepo-weblogs/access-2018-12-15.log',
    'secrepo-weblogs/access-2021-10-22_27.log',
    'secrepo-weblogs/access-2022-12-22.log',
    'almhuette-raith-2019/access_2019-04-02_03.log',
    'basjes-hackers-access/hackers-access.log',
    'ocatak-apache-scans/acunetix.log',
    'ocatak-apache-scans/netsparker.log',
    ...[1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25].map((n) => `honeynet-apache-2004/access_log.${n}`),
  ],
  cloudfront: [
    'aws-format-samples/cloudfront/aws-log-parser_cloudfront-multiple.log',
    'aws-format-samples/cloudfront/node-cloudfront-log-parser_web-1-0-2019-12.txt',
    'aws-format-samples/cloudfront/aws-waf-security-automations_cf-access-log-sample_SYNTHETIC.log',
  ],
  alb: ['aws-format-samples/alb/aws-log-parser_alb-entries.log'],
  waf: ['aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl'],
});

/** mulberry32: small, fast, seedable; statistical quality is irrelevant here. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function templateLines(format: ReplayFormat, sources: readonly string[]): string[] {
  const lines: string[] = [];
  for (const source of sources) {
    const path = SHARED_DATA + source;
    if (!existsSync(path)) throw new Error(`benchmark data missing: ${path} (expected ../shared/data next to the repo)`);
    for (let line of readFileSync(path, 'latin1').split('\n')) {
      line = line.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#')) continue;
      if (format === 'combined' && line.startsWith('"')) line = line.slice(1, line.endsWith('"') ? -1 : undefined);
      lines.push(line);
    }
  }
  return lines;
}

export async function makeLog(options: MakeLogOptions): Promise<MadeLog> {
  const format = options.format ?? 'combined';
  const random = prng(options.seed ?? 1);
  const startMs = options.startMs ?? Date.UTC(2024, 0, 1);
  const pool = Array.from({ length: options.ips ?? 20_000 }, () =>
    [1 + Math.floor(random() * 222), Math.floor(random() * 256), Math.floor(random() * 256), 1 + Math.floor(random() * 254)].join('.'),
  );
  const sources = options.sources ?? REPLAY_SOURCES[format];
  const templates = templateLines(format, sources).map((line) => compileTemplate(format, line));
  const out = createWriteStream(options.out);
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text, 'latin1');
    if (!out.write(text, 'latin1')) await once(out, 'drain');
  };
  if (format === 'cloudfront') await write(`#Version: 1.0\n#Fields: ${CLOUDFRONT_FIELDS}\n`);
  let timeMs = startMs;
  let buffer: string[] = [];
  for (let i = 0; i < options.lines; i++) {
    timeMs += Math.floor(random() * 40);
    // Cubing skews the draw towards the start of the pool: a few IPs send most requests.
    const ip = pool[Math.floor(random() ** 3 * pool.length)] as string;
    const template = templates[Math.floor(random() * templates.length)] as Template;
    buffer.push(template(ip, timeMs, random));
    if (buffer.length === 1000) {
      await write(buffer.join('\n') + '\n');
      buffer = [];
    }
  }
  if (buffer.length > 0) await write(buffer.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return { lines: options.lines, bytes, sources: [...sources] };
}

type Template = (ip: string, timeMs: number, random: () => number) => string;

const CLOUDFRONT_FIELDS =
  'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) ' +
  'cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken ' +
  'x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status ' +
  'fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len ' +
  'sc-range-start sc-range-end';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

function apacheTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function compileTemplate(format: ReplayFormat, line: string): Template {
  switch (format) {
    case 'combined': {
      const afterIp = line.slice(line.indexOf(' '), line.indexOf(' [') + 2);
      const afterTime = line.slice(line.indexOf(' [') + 28);
      return (ip, ms) => ip + afterIp + apacheTime(ms) + afterTime;
    }
    case 'cloudfront': {
      const fields = line.split('\t');
      while (fields.length < 33) fields.push('-');
      return (ip, ms) => {
        const iso = new Date(ms).toISOString();
        fields[0] = iso.slice(0, 10);
        fields[1] = iso.slice(11, 19);
        fields[4] = ip;
        return fields.join('\t');
      };
    }
    case 'alb': {
      const [type, , elb] = line.split(' ', 3);
      const rest = line.split(' ').slice(4).join(' ');
      return (ip, ms, random) => `${type} ${new Date(ms).toISOString().replace('Z', '123Z')} ${elb} ${ip}:${1024 + Math.floor(random() * 60000)} ${rest}`;
    }
    case 'waf': {
      // AWS writes timestamp before httpRequest.clientIp; both are replaced in place.
      const time = line.indexOf('"timestamp":') + 12;
      const ipStart = line.indexOf('"clientIp":"') + 12;
      const head = line.slice(0, time);
      const mid = line.slice(line.indexOf(',', time), ipStart);
      const tail = line.slice(line.indexOf('"', ipStart));
      return (ip, ms) => head + ms + mid + ip + tail;
    }
  }
}
