// `semlog watch --trusted-proxy` and `--ipv6-prefix`: lines are judged as the clients behind proxies and rotating addresses.

import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { behindProxies, PROXIES } from '../helpers/behind-proxies.js';
import { attackLines, judgedSeqs, WatchProcess } from './watch-process.js';

let running: WatchProcess | undefined;

afterEach(() => {
  running?.child.kill('SIGKILL');
});

it('names the client that X-Forwarded-For gives in every finding of a line logged behind a trusted proxy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-proxy-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  running = new WatchProcess([log, '--trusted-proxy', PROXIES]);
  const watch = running;
  await watch.ready();
  const lines = attackLines(0, 40).trimEnd().split('\n');
  appendFileSync(log, `${behindProxies(lines).join('\n')}\n`);
  await watch.until(() => watch.judged === 40, 'every line was judged');
  watch.child.kill('SIGTERM');
  await watch.exited;
  // Each attack line's client encodes its number: every line is named by its own client, none by a proxy.
  expect(judgedSeqs(watch.stdout).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, k) => k));
});

it('warns, once, that two addresses send every request, as scan does, when no proxy is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-proxy-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  running = new WatchProcess([log]);
  const watch = running;
  await watch.ready();
  appendFileSync(log, `${behindProxies(attackLines(0, 1200).trimEnd().split('\n')).join('\n')}\n`);
  await watch.until(() => watch.judged === 1200, 'every line was judged');
  appendFileSync(log, `${behindProxies(attackLines(1200, 2400).trimEnd().split('\n')).join('\n')}\n`);
  await watch.until(() => watch.judged === 2400, 'every line was judged');
  watch.child.kill('SIGTERM');
  await watch.exited;
  const warnings = watch.stderr.split('\n').filter((line) => line.startsWith('semlog watch: warning: '));
  expect(warnings.filter((line) => /addresses sent 100 % of the \d+ requests \(198\.51\.100\.[78] \d+ %, 198\.51\.100\.[78] \d+ %\).*--trusted-proxy/.test(line))).toHaveLength(1);
  // Every attack line is answered 200: the soft-error warning comes too, once.
  expect(warnings.filter((line) => line.includes('was answered 403 or 404'))).toHaveLength(1);
});

it('names a client that takes a new IPv6 address for every request by its /64 with --ipv6-prefix 64', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'semlog-watch-ipv6-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  running = new WatchProcess([log, '--ipv6-prefix', '64']);
  const watch = running;
  await watch.ready();
  const lines = attackLines(0, 40).trimEnd().split('\n').map((line, k) => line.replace(/^\S+/, `2001:db8:1:2:${(k + 1).toString(16)}::9`));
  appendFileSync(log, `${lines.join('\n')}\n`);
  await watch.until(() => watch.judged === 40, 'every line was judged');
  watch.child.kill('SIGTERM');
  await watch.exited;
  const named = watch.stdout.split('\n').filter((line) => line.startsWith('{"type":"line"')).map((line) => (JSON.parse(line) as { ip: string }).ip);
  expect(named).toHaveLength(40);
  expect(new Set(named)).toEqual(new Set(['2001:db8:1:2::/64']));
});
