// Counts what attack material is left for a fifth blind set: per source, the clients and lines that
// no earlier set placed or holds in a rule pool. Prints counts only (README.md here says why no
// fifth set was built from them). Run: npx tsx bench/quality/holdout5/remaining-material.ts

import { type TimedLine, clientsOfFiles } from '../holdout2/blind-sources.js';
import { type Blind3Source, clientsOf, excludedClients } from '../holdout3/blind3-sources.js';
import { classifyBlind4Clients, inEarlierPool } from '../holdout4/blind4-sources.js';
import { classifyBlind5Clients } from './blind5-sources.js';
import { torpedaPostBodies } from './torpeda-post-bodies.js';

type LogSource = Blind3Source | 'secrepo-2018';
const LOG_SOURCES: readonly LogSource[] = ['honeynet', 'almhuette', 'basjes', 'secrepo-2018', 'secrepo-2022'];

/** Clients of `source` that the first set did not take and that meet no rule of the second, third or fourth set. */
function unusedClients(source: LogSource): TimedLine[][] {
  const fourth = classifyBlind4Clients(source);
  const fourthPools = new Set([...fourth['repeat-prober'], ...fourth['small-prober']].map((c) => c.sourceIp));
  const excluded = source === 'secrepo-2018' ? () => false : excludedClients(source);
  const clients = source === 'secrepo-2018' ? clientsOfFiles(['secrepo-weblogs/access-2018-12-15.log']) : clientsOf(source);
  return [...clients].filter(([ip, lines]) => lines.length > 0 && !excluded(ip, lines) && !inEarlierPool(lines) && !fourthPools.has(ip)).map(([, lines]) => lines);
}

for (const source of LOG_SOURCES) {
  const lines = unusedClients(source);
  const all = lines.flat();
  const answered = all.filter((l) => /^[23]/.test(l.line.status)).length;
  console.log(`${source}: ${lines.length} clients (${all.length} lines, ${answered} answered 2xx/3xx) meet no earlier rule`);
}
for (const [rule, clients] of Object.entries(classifyBlind5Clients())) {
  const requests = clients.flatMap((c) => c.requests.map((r) => r.request));
  console.log(`honeynet ${rule}: ${clients.length} clients, ${requests.length} lines, ${new Set(requests).size} distinct request lines`);
}
console.log(`torpeda POST-body SQLi: ${torpedaPostBodies().length} distinct bodies`);
