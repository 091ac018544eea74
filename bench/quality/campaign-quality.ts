// Measures campaign grouping (issue #15) on the design mixes: purity and completeness of the
// campaigns against the injected attack groups (each mix's attack label is one group). Scans
// in-process like detect-dev.ts (embedding cache in bench/work/cache) and writes
// bench/quality/campaign-results.{json,md}. With --holdout it scans the first held-out set instead
// (bench/quality/holdout/) and writes campaign-results-holdout.{json,md}; --holdout 2, 3 or 4 scans
// bench/quality/holdout{N}/ and writes campaign-results-holdout{N}.{json,md}. --suffix NAME adds
// `-NAME` to the file names (the blind first runs were written with --suffix first-run, so that a
// later run does not overwrite them). The first held-out set has been seen while designing the
// grouping; sets 2-4 were measured once blind (the -first-run files) before any change was made.
//
//   npm run build && npx tsx bench/quality/campaign-quality.ts [--holdout [2|3|4]] [--suffix NAME]
//
// Unit: the client. Purity = Σ over campaigns with an injected client of the largest share of one
// group ÷ their clients; a background client in such a campaign counts against it. Campaigns of
// background clients alone are listed, not scored: the background's own attackers are not labelled.
// Completeness = Σ over groups of 2+ clients of the most of them in one campaign ÷ their clients; a
// group of one client (a scanner, the hammering client) cannot be split, only merged into another
// group's campaign, which purity counts. `detectedCompleteness` counts only the injected clients with
// at least one finding: it separates grouping from detection (campaigns are built from findings).
//
// Two kinds of injected group, scored apart as well (`spread` and `rule`): a **spread** group is one
// attack stream that the mix builder dealt out over N addresses (`ips: N` in a mix spec: the design
// mixes' payloads, the first held-out set's payloads and header attacks, the CSIC, ModSecurity and
// TORPEDA payloads of sets 3 and 4), so it is one campaign by construction; a **rule** group is N real
// clients of a source log that one selection rule picked (the first set's basjes sessions, and
// `clients: N` in sets 2-4: probers, method probes, form spammers). Clients of a
// rule group share a source and a behaviour, not necessarily an actor or a tool, so grouping all of
// them is not what a correct campaign finder must do: their completeness is reported, not a target.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan } from '../../src/pipeline/prepare-scan.js';
import type { Campaign } from '../../src/types.js';
import { labelOf } from './holdout/build-holdout-mix.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout/holdout-mixes.js';
import { HOLDOUT2_MIXES, writeHoldout2Mix } from './holdout2/holdout2-mixes.js';
import { HOLDOUT3_MIXES, writeHoldout3Mix } from './holdout3/holdout3-mixes.js';
import { HOLDOUT4_MIXES, writeHoldout4Mix } from './holdout4/holdout4-mixes.js';
import { MIXES, writeMix } from './mixes.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));

/** Every group of 2+ clients in the design mixes is spread: their specs deal each payload attack out over `ips`. */
const allSpread = () => true;
/**
 * An attack of a held-out spec with `ips` is spread; the others (basjes sessions in the first set,
 * `clients` in sets 2-4) are rule groups. `label` names an attack's group as its mix builder does.
 */
function spreadOf<A extends object>(attacks: readonly A[], label: (attack: A) => string): (group: string) => boolean {
  const spread = new Set(attacks.filter((a) => 'ips' in a).map(label));
  return (group) => spread.has(group);
}
/** The group label of sets 2-4. */
const sourceRule = (attack: { source: string; rule: string }) => `${attack.source}-${attack.rule}`;

/** Each set: its mixes written to disk (with which groups are spread), the name its result files carry and its title. */
const SETS = {
  design: { files: 'campaign-results', title: 'design mixes', mixes: () => MIXES.map((spec) => ({ name: spec.name, spread: allSpread, ...writeMix(spec) })) },
  '1': { files: 'campaign-results-holdout', title: 'first held-out set', mixes: () => HOLDOUT_MIXES.map((spec) => ({ name: spec.name, spread: spreadOf(spec.attacks, (attack) => labelOf(attack).label), ...writeHoldoutMix(spec) })) },
  '2': { files: 'campaign-results-holdout2', title: 'second held-out set', mixes: () => HOLDOUT2_MIXES.map((spec) => ({ name: spec.name, spread: spreadOf(spec.attacks, sourceRule), ...writeHoldout2Mix(spec) })) },
  '3': { files: 'campaign-results-holdout3', title: 'third held-out set', mixes: () => HOLDOUT3_MIXES.map((spec) => ({ name: spec.name, spread: spreadOf(spec.attacks, sourceRule), ...writeHoldout3Mix(spec) })) },
  '4': { files: 'campaign-results-holdout4', title: 'fourth held-out set', mixes: () => HOLDOUT4_MIXES.map((spec) => ({ name: spec.name, spread: spreadOf(spec.attacks, sourceRule), ...writeHoldout4Mix(spec) })) },
} as const;

/** `--holdout` alone is the first held-out set; a following 2, 3 or 4 picks a later one. */
function chooseSet(argv: readonly string[]): { key: keyof typeof SETS; suffix: string; flags: string } {
  const at = argv.indexOf('--holdout');
  const next = at < 0 ? undefined : argv[at + 1];
  const key: keyof typeof SETS = at < 0 ? 'design' : next === undefined || next.startsWith('--') ? '1' : (next as keyof typeof SETS);
  if (at >= 0 && (!(key in SETS) || key === 'design')) throw new Error(`--holdout takes 2, 3 or 4 (or nothing for the first held-out set), not ${next}`);
  const suffixAt = argv.indexOf('--suffix');
  const suffix = suffixAt < 0 ? '' : argv[suffixAt + 1] ?? '';
  if (suffixAt >= 0 && !/^[a-z0-9-]+$/.test(suffix)) throw new Error(`--suffix takes a name of lower-case letters, digits and dashes, not ${suffix || 'nothing'}`);
  return { key, suffix, flags: argv.slice(2).join(' ') };
}

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
  /** Completeness of the spread groups alone (one stream dealt out over addresses), and of the rule groups. */
  spreadCompleteness: number;
  spreadGroupClients: number;
  spreadCompleteClients: number;
  ruleCompleteness: number;
  ruleGroupClients: number;
  ruleCompleteClients: number;
  backgroundOnly: number;
}

/** Purity and completeness of `campaigns` against `groupOf` (client IP → injected group). */
export function scoreCampaigns(
  campaigns: readonly Campaign[],
  groupOf: ReadonlyMap<string, string>,
  detected: ReadonlySet<string>,
  spread: (group: string) => boolean,
): CampaignScore {
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
  const spreadGroups = completeness([...members].filter(([group]) => spread(group)).map(([, ips]) => ips));
  const ruleGroups = completeness([...members].filter(([group]) => !spread(group)).map(([, ips]) => ips));
  const share = (part: { clients: number; complete: number }) => (part.clients === 0 ? NaN : part.complete / part.clients);
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
    spreadCompleteness: share(spreadGroups),
    spreadGroupClients: spreadGroups.clients,
    spreadCompleteClients: spreadGroups.complete,
    ruleCompleteness: share(ruleGroups),
    ruleGroupClients: ruleGroups.clients,
    ruleCompleteClients: ruleGroups.complete,
    backgroundOnly,
  };
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { key, suffix, flags } = chooseSet(process.argv);
  const set = SETS[key];
  const resultsBase = fileURLToPath(new URL(`./${set.files}${suffix ? `-${suffix}` : ''}`, import.meta.url));
  const rows: Array<{ mix: string } & CampaignScore & { campaigns: Array<Pick<Campaign, 'id' | 'ips' | 'reason'> & { groups: string[] }> }> = [];
  for (const { name, mix, logFile, spread } of set.mixes()) {
    const analysis = detectAnomalies(await prepareScan({ paths: [logFile], cacheDir }));
    const groupOf = new Map<string, string>();
    for (const [line, attack] of mix.anomalies) groupOf.set(mix.lines[line - 1]!.split(' ')[0]!, attack);
    const detected = new Set([...analysis.lines.map((l) => l.ip), ...analysis.ips.map((ip) => ip.ip)]);
    const score = scoreCampaigns(analysis.campaigns, groupOf, detected, spread);
    rows.push({
      mix: name,
      ...score,
      campaigns: analysis.campaigns.map(({ id, ips, reason }) => ({ id, ips, reason, groups: ips.map((ip) => groupOf.get(ip) ?? 'background') })),
    });
    console.log(
      `${name.padEnd(10)} purity ${score.purity.toFixed(3)} (${score.pureClients}/${score.campaignClients})  completeness ${score.completeness.toFixed(3)} (${score.completeClients}/${score.groupClients})` +
        `  of detected ${score.detectedCompleteness.toFixed(3)} (${score.detectedCompleteClients}/${score.detectedGroupClients})` +
        `  spread ${score.spreadCompleteness.toFixed(3)} (${score.spreadCompleteClients}/${score.spreadGroupClients})  rule ${score.ruleCompleteness.toFixed(3)} (${score.ruleCompleteClients}/${score.ruleGroupClients})` +
        `  background-only campaigns ${score.backgroundOnly}`,
    );
    for (const c of analysis.campaigns) console.log(`   ${c.id} ${c.ips.map((ip) => `${ip}:${groupOf.get(ip) ?? 'bg'}`).join(' ')}  ${c.reason}`);
  }
  type Count = 'pureClients' | 'campaignClients' | 'completeClients' | 'groupClients' | 'detectedCompleteClients' | 'detectedGroupClients';
  const total = (key: Count | 'spreadCompleteClients' | 'spreadGroupClients' | 'ruleCompleteClients' | 'ruleGroupClients') => rows.reduce((n, r) => n + r[key], 0);
  const pooled = {
    purity: total('pureClients') / total('campaignClients'),
    completeness: total('completeClients') / total('groupClients'),
    detectedCompleteness: total('detectedCompleteClients') / total('detectedGroupClients'),
    spreadCompleteness: total('spreadCompleteClients') / total('spreadGroupClients'),
    ruleCompleteness: total('ruleCompleteClients') / total('ruleGroupClients'),
  };
  console.log(
    `all mixes  purity ${pooled.purity.toFixed(3)}  completeness ${pooled.completeness.toFixed(3)}  of detected ${pooled.detectedCompleteness.toFixed(3)}` +
      `  spread ${pooled.spreadCompleteness.toFixed(3)}  rule ${pooled.ruleCompleteness.toFixed(3)}`,
  );
  writeFileSync(`${resultsBase}.json`, `${JSON.stringify({ pooled, mixes: rows }, null, 2)}\n`);
  const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));
  writeFileSync(
    `${resultsBase}.md`,
    [
      `# Campaign grouping on the ${set.title}`,
      '',
      `Written by \`bench/quality/campaign-quality.ts${flags ? ` ${flags}` : ''}\` (definitions at its top; unit: the client).`,
      '',
      'Completeness is split by kind of group: "spread" groups are one attack stream dealt out over',
      'several addresses (one campaign by construction), "rule" groups are real clients of a source log',
      'that one selection rule picked (not necessarily one actor; reported, not a target).',
      '',
      '| mix | purity | completeness | completeness of detected clients | completeness, spread groups | completeness, rule groups | campaigns | background-only campaigns |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.mix} | ${f(r.purity)} (${r.pureClients}/${r.campaignClients}) | ${f(r.completeness)} (${r.completeClients}/${r.groupClients}) | ` +
          `${f(r.detectedCompleteness)} (${r.detectedCompleteClients}/${r.detectedGroupClients}) | ` +
          `${f(r.spreadCompleteness)} (${r.spreadCompleteClients}/${r.spreadGroupClients}) | ${f(r.ruleCompleteness)} (${r.ruleCompleteClients}/${r.ruleGroupClients}) | ` +
          `${r.campaigns.length} | ${r.backgroundOnly} |`,
      ),
      `| all | ${f(pooled.purity)} | ${f(pooled.completeness)} | ${f(pooled.detectedCompleteness)} | ${f(pooled.spreadCompleteness)} | ${f(pooled.ruleCompleteness)} | | |`,
      '',
      ...rows.flatMap((r) => [`## ${r.mix}`, '', ...r.campaigns.map((c) => `- ${c.id}: ${c.ips.map((ip, i) => `${ip} (${c.groups[i]})`).join(', ')}: ${c.reason}`), '']),
    ].join('\n'),
  );
}
