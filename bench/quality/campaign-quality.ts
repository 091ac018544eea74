// Measures campaign grouping (issue #15) on the design mixes: purity and completeness of the
// campaigns against the injected attack groups (each mix's attack label is one group). Scans
// in-process like detect-dev.ts (embedding cache in bench/work/cache) and writes
// bench/quality/campaign-results.{json,md}. With --holdout it scans the held-out mixes instead
// (bench/quality/holdout/) and writes campaign-results-holdout.{json,md}: a blind measurement, run
// once after the rules were fixed on the design mixes, and not to be tuned on.
//
//   npm run build && npx tsx bench/quality/campaign-quality.ts [--holdout]
//
// Unit: the client. Purity = Σ over campaigns with an injected client of the largest share of one
// group ÷ their clients; a background client in such a campaign counts against it. Campaigns of
// background clients alone are listed, not scored: the background's own attackers are not labelled.
// Completeness = Σ over groups of 2+ clients of the most of them in one campaign ÷ their clients; a
// group of one client (a scanner, the hammering client) cannot be split, only merged into another
// group's campaign, which purity counts. `detectedCompleteness` counts only the injected clients with
// at least one finding: it separates grouping from detection (campaigns are built from findings).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import type { Campaign } from '../../src/types.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout/holdout-mixes.js';
import { MIXES, writeMix } from './mixes.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));
const holdout = process.argv.includes('--holdout');
const resultsBase = fileURLToPath(new URL(holdout ? './campaign-results-holdout' : './campaign-results', import.meta.url));

export interface CampaignScore {
  purity: number;
  completeness: number;
  /** Clients of campaigns with an injected client, and the most of them from one group. */
  campaignClients: number;
  pureClients: number;
  /** Clients of injected groups with 2+ clients, and the most of each in one campaign. */
  groupClients: number;
  completeClients: number;
  detectedCompleteness: number;
  detectedGroupClients: number;
  detectedCompleteClients: number;
  backgroundOnly: number;
}

/** Purity and completeness of `campaigns` against `groupOf` (client IP → injected group). */
export function scoreCampaigns(campaigns: readonly Campaign[], groupOf: ReadonlyMap<string, string>, detected: ReadonlySet<string>): CampaignScore {
  let campaignClients = 0;
  let pureClients = 0;
  let backgroundOnly = 0;
  for (const campaign of campaigns) {
    const groups = countBy(campaign.ips.map((ip) => groupOf.get(ip)).filter((g): g is string => g !== undefined));
    if (groups.size === 0) {
      backgroundOnly++;
      continue;
    }
    campaignClients += campaign.ips.length;
    pureClients += Math.max(...groups.values());
  }
  const members = new Map<string, string[]>();
  for (const [ip, group] of groupOf) members.set(group, [...(members.get(group) ?? []), ip]);
  const completeness = (groups: string[][]) => {
    let clients = 0;
    let complete = 0;
    for (const ips of groups) {
      if (ips.length < 2) continue;
      clients += ips.length;
      const inCampaign = countBy(ips.map((ip) => campaigns.find((c) => c.ips.includes(ip))?.id).filter((id): id is string => id !== undefined));
      complete += Math.max(0, ...inCampaign.values());
    }
    return { clients, complete };
  };
  const all = completeness([...members.values()]);
  const found = completeness([...members.values()].map((ips) => ips.filter((ip) => detected.has(ip))));
  return {
    purity: campaignClients === 0 ? NaN : pureClients / campaignClients,
    completeness: all.clients === 0 ? NaN : all.complete / all.clients,
    campaignClients,
    pureClients,
    groupClients: all.clients,
    completeClients: all.complete,
    detectedCompleteness: found.clients === 0 ? NaN : found.complete / found.clients,
    detectedGroupClients: found.clients,
    detectedCompleteClients: found.complete,
    backgroundOnly,
  };
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows: Array<{ mix: string } & CampaignScore & { campaigns: Array<Pick<Campaign, 'id' | 'ips' | 'reason'> & { groups: string[] }> }> = [];
  const mixes = holdout
    ? HOLDOUT_MIXES.map((spec) => ({ name: spec.name, ...writeHoldoutMix(spec) }))
    : MIXES.map((spec) => ({ name: spec.name, ...writeMix(spec) }));
  for (const { name, mix, logFile } of mixes) {
    const analysis = detectAnomalies(await prepareScan({ paths: [logFile], cacheDir }));
    const groupOf = new Map<string, string>();
    for (const [line, attack] of mix.anomalies) groupOf.set(mix.lines[line - 1]!.split(' ')[0]!, attack);
    const detected = new Set([...analysis.lines.map((l) => l.ip), ...analysis.ips.map((ip) => ip.ip)]);
    const score = scoreCampaigns(analysis.campaigns, groupOf, detected);
    rows.push({
      mix: name,
      ...score,
      campaigns: analysis.campaigns.map(({ id, ips, reason }) => ({ id, ips, reason, groups: ips.map((ip) => groupOf.get(ip) ?? 'background') })),
    });
    console.log(
      `${name.padEnd(10)} purity ${score.purity.toFixed(3)} (${score.pureClients}/${score.campaignClients})  completeness ${score.completeness.toFixed(3)} (${score.completeClients}/${score.groupClients})` +
        `  of detected ${score.detectedCompleteness.toFixed(3)} (${score.detectedCompleteClients}/${score.detectedGroupClients})  background-only campaigns ${score.backgroundOnly}`,
    );
    for (const c of analysis.campaigns) console.log(`   ${c.id} ${c.ips.map((ip) => `${ip}:${groupOf.get(ip) ?? 'bg'}`).join(' ')}  ${c.reason}`);
  }
  const total = (key: 'pureClients' | 'campaignClients' | 'completeClients' | 'groupClients' | 'detectedCompleteClients' | 'detectedGroupClients') =>
    rows.reduce((n, r) => n + r[key], 0);
  const pooled = {
    purity: total('pureClients') / total('campaignClients'),
    completeness: total('completeClients') / total('groupClients'),
    detectedCompleteness: total('detectedCompleteClients') / total('detectedGroupClients'),
  };
  console.log(`all mixes  purity ${pooled.purity.toFixed(3)}  completeness ${pooled.completeness.toFixed(3)}  of detected ${pooled.detectedCompleteness.toFixed(3)}`);
  writeFileSync(`${resultsBase}.json`, `${JSON.stringify({ pooled, mixes: rows }, null, 2)}\n`);
  const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));
  writeFileSync(
    `${resultsBase}.md`,
    [
      `# Campaign grouping on the ${holdout ? 'held-out' : 'design'} mixes`,
      '',
      `Written by \`bench/quality/campaign-quality.ts${holdout ? ' --holdout' : ''}\` (definitions at its top; unit: the client).`,
      '',
      '| mix | purity | completeness | completeness of detected clients | campaigns | background-only campaigns |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.mix} | ${f(r.purity)} (${r.pureClients}/${r.campaignClients}) | ${f(r.completeness)} (${r.completeClients}/${r.groupClients}) | ` +
          `${f(r.detectedCompleteness)} (${r.detectedCompleteClients}/${r.detectedGroupClients}) | ${r.campaigns.length} | ${r.backgroundOnly} |`,
      ),
      `| all | ${f(pooled.purity)} | ${f(pooled.completeness)} | ${f(pooled.detectedCompleteness)} | | |`,
      '',
      ...rows.flatMap((r) => [`## ${r.mix}`, '', ...r.campaigns.map((c) => `- ${c.id}: ${c.ips.map((ip, i) => `${ip} (${c.groups[i]})`).join(', ')}: ${c.reason}`), '']),
    ].join('\n'),
  );
}
