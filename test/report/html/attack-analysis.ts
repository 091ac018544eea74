// A realistic Analysis for the HTML report tests: the real pipeline (with the deterministic trigram
// embedder) over the Apache fixture spread across twelve 5-minute windows, plus a scanner burst, SQL
// injection, and XSS payloads in the path, the query and the user agent (Apache logs a `"` as `\"`).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/pipeline/analyze.js';
import type { Analysis } from '../../../src/types.js';
import { trigramEmbedder } from '../../helpers/trigram-embedder.js';

export const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
export const IMG_PAYLOAD = '"><img src=x onerror=window.__pwned=1>';

const FIXTURE = new URL('../../fixtures/cli/elastic-apache-300.log', import.meta.url);
const SCANNER_PATHS = ['/wp-login.php', '/.env', '/admin/config.php', '/phpmyadmin/index.php', '/.git/config', '/backup.sql', '/server-status', '/xmlrpc.php'];

function stamp(minute: number, second: number): string {
  return `[17/May/2015:10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')} +0000]`;
}

function logLines(): string[] {
  const background = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
  // 25 requests in each of twelve windows, so that the window detector has history to compare with.
  const lines = background.map((line, i) => line.replace(/\[[^\]]+\]/, stamp(Math.floor(i / 25) * 5 + (i % 5), (i * 7) % 60)));
  for (let i = 0; i < 48; i++) {
    const path = `${SCANNER_PATHS[i % SCANNER_PATHS.length]}${i >= SCANNER_PATHS.length ? `?v=${i}` : ''}`;
    lines.push(`198.51.100.23 - - ${stamp(41 + (i % 3), i % 60)} "GET ${path} HTTP/1.1" 404 196 "-" "Mozilla/5.0 zgrab/0.x"`);
  }
  lines.push(
    `203.0.113.9 - - ${stamp(42, 10)} "GET /search?q=${SCRIPT_PAYLOAD} HTTP/1.1" 200 512 "-" "${SCRIPT_PAYLOAD}"`,
    `203.0.113.9 - - ${stamp(42, 11)} "GET /p/\\${IMG_PAYLOAD} HTTP/1.1" 404 226 "-" "\\${IMG_PAYLOAD}"`,
    // The same payloads from a second client: one campaign of two.
    `203.0.113.10 - - ${stamp(43, 10)} "GET /search?q=${SCRIPT_PAYLOAD} HTTP/1.1" 200 512 "-" "${SCRIPT_PAYLOAD}"`,
    `203.0.113.10 - - ${stamp(43, 11)} "GET /p/\\${IMG_PAYLOAD} HTTP/1.1" 404 226 "-" "\\${IMG_PAYLOAD}"`,
    `192.0.2.77 - - ${stamp(17, 3)} "GET /index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 500 312 "-" "sqlmap/1.7"`,
    `192.0.2.77 - - ${stamp(17, 4)} "GET /cgi-bin/status?host=;cat%20/etc/passwd HTTP/1.1" 400 226 "-" "sqlmap/1.7"`,
  );
  return lines;
}

export async function attackAnalysis(): Promise<Analysis> {
  const file = join(mkdtempSync(join(tmpdir(), 'semlog-html-')), 'access.log');
  writeFileSync(file, `${logLines().join('\n')}\n`);
  const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  // Named as a user would name it, so that the screenshot does not show a temporary folder.
  for (const line of analysis.lines) line.file = 'access.log';
  for (const input of analysis.summary.inputs) input.file = 'access.log';
  return analysis;
}

/** The analysis with its line findings repeated (other IPs, lines, scores) up to `count`. */
export function withManyFindings(analysis: Analysis, count: number): Analysis {
  const lines = Array.from({ length: count }, (_, i) => {
    const template = analysis.lines[i % analysis.lines.length]!;
    return { ...template, line: 1000 + i, ip: `10.${(i >> 8) & 255}.${i & 255}.${i % 7}`, score: +(1 + ((i * 7919) % 9973) / 1000).toFixed(3) };
  });
  return { ...analysis, lines: lines.sort((a, b) => b.score - a.score) };
}
