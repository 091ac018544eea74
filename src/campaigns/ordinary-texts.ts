// The site's ordinary texts, as campaigns see them: a text fewer than half of whose requests in the
// log are findings. A finding on such a text comes from its client (a hostile client's context, a
// payload in a header), not from the request itself: two clients that both sent it share a page of
// the site, not an attack template. On the first held-out set a Referer SQL injection client and a
// Shellshock User-Agent client were "near-identical requests" by the site's CSS bundle, which its one
// background client requested thousands of times (holdout-netnea8), and two zgrab scanners by the
// site's home page (holdout-netnea5).

import type { ClientProfile } from './client-profiles.js';

/**
 * Whether each text is ordinary: its findings (summed over the profiles) are less than
 * `minFindingShare` of `textCounts[textId]`, its requests in the whole log.
 */
export function ordinaryTexts(
  profiles: ReadonlyMap<number, ClientProfile>,
  textCounts: ArrayLike<number>,
  minFindingShare: number,
): (textId: number) => boolean {
  const findings = new Map<number, number>();
  for (const profile of profiles.values()) for (const [textId, count] of profile.texts) findings.set(textId, (findings.get(textId) ?? 0) + count);
  return (textId) => (findings.get(textId) ?? 0) < minFindingShare * textCounts[textId]!;
}
