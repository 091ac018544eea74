// A real log slice (elastic-apache-logs, 300 lines) with 12 attack lines from four clients added,
// scanned with the deterministic trigram embedder and labelled: the shared input of the tuning tests.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareScan, type PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { labelLines, type LabelledLines } from '../../src/tune/label-lines.js';
import { parseLabels } from '../../src/tune/read-labels.js';
import { trigramEmbedder } from './trigram-embedder.js';

const BACKGROUND = readFileSync(new URL('../fixtures/cli/elastic-apache-300.log', import.meta.url), 'utf8').trimEnd().split('\n');
const PAYLOADS = [
  "/index.php?id=1'%20UNION%20SELECT%20password%20FROM%20users--",
  '/cgi-bin/status?host=;cat%20/etc/passwd',
  '/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
  '/download?file=../../../../etc/shadow',
];

export interface AttackSlice {
  file: string;
  prepared: PreparedScan;
  labelled: LabelledLines;
  /** 1-based line numbers of the attack lines. */
  anomalyLines: number[];
}

/** `extraCsv`: more label rows (e.g. a line labelled normal). */
export async function attackSlice(extraCsv = ''): Promise<AttackSlice> {
  const lines = [...BACKGROUND];
  PAYLOADS.forEach((path, k) => {
    for (let copy = 0; copy < 3; copy++) {
      const at = 40 + k * 60 + copy * 7;
      lines.splice(at, 0, `198.51.100.${k + 1} - - [17/May/2015:10:05:4${copy} +0000] "GET ${path}&n=${copy} HTTP/1.1" 200 312 "-" "curl/8.0"`);
    }
  });
  const anomalyLines: number[] = [];
  lines.forEach((line, i) => line.startsWith('198.51.100.') && anomalyLines.push(i + 1));
  const file = join(mkdtempSync(join(tmpdir(), 'semlog-tune-')), 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const prepared = await prepareScan({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  const csv = `file,line,label\n${anomalyLines.map((line) => `${file},${line},anomaly`).join('\n')}\n${extraCsv.replaceAll('FILE', file)}`;
  return { file, prepared, labelled: labelLines(parseLabels(csv, 'labels.csv'), prepared, 'labels.csv'), anomalyLines };
}
