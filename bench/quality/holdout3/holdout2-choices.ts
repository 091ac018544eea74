// Which almhuette-raith clients the second blind set's mixes place, found by matching each placed
// session to its source client, so that the third set can leave exactly those out.

import { COMBINED } from '../holdout/combined-line.js';
import { BLIND_SOURCES, clientsOfFiles } from '../holdout2/blind-sources.js';
import { HOLDOUT2_MIXES, buildHoldout2Mix } from '../holdout2/holdout2-mixes.js';

/** Source IPs of the almhuette clients placed in any holdout2 mix (a placed run is matched on request, status and bytes). */
export function holdout2AlmhuetteClients(): Set<string> {
  const key = (request: string, status: string, bytes: string) => `${request} ${status} ${bytes}`;
  const sources = [...clientsOfFiles([BLIND_SOURCES.almhuette])].map(([ip, lines]) => ({
    ip,
    keys: `\n${lines.map(({ line }) => key(line.request, line.status, line.bytes)).join('\n')}\n`,
  }));
  const used = new Set<string>();
  for (const spec of HOLDOUT2_MIXES) {
    const mix = buildHoldout2Mix(spec);
    const sessions = new Map<string, string[]>();
    for (const [line, attack] of mix.anomalies) {
      if (!attack.startsWith('almhuette-')) continue;
      const m = COMBINED.exec(mix.lines[line - 1]!)!;
      sessions.set(m[1]!, [...(sessions.get(m[1]!) ?? []), key(m[5]!, m[6]!, m[7]!)]);
    }
    for (const [ip, keys] of sessions) {
      const run = `\n${keys.join('\n')}\n`;
      const matches = sources.filter((s) => s.keys.includes(run));
      if (matches.length !== 1) throw new Error(`${spec.name}: placed session of ${ip} matches ${matches.length} almhuette clients, not 1`);
      used.add(matches[0]!.ip);
    }
  }
  return used;
}
