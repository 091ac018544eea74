// The detection signals that can be turned off one at a time, to measure what each adds
// (bench/quality/ablation.ts, docs/detection.md). Every signal is meant to be on.

import { UsageError } from '../errors.js';
import { checkGroup, checkType } from '../options/check-option-type.js';
import type { OccurrenceView } from '../rank/fuse-findings.js';

/**
 * - `semantic`: DBSCAN / baseline novelty over the embeddings (off: no text is a semantic outlier);
 * - `fieldNovelty`: characters judged per field and counted in other clients (off: per log, in requests);
 * - `clientSupport`: clusters with no ordinary client are dissolved;
 * - `hostileClients`: hostile clients' unusual requests are findings (off: no client is hostile);
 * - `headerAttacks`: attacks in the User-Agent and Referer are findings;
 * - `clientRoles`: crawlers, monitors, hammering and form bots shape the client ranking;
 * - `signatures`: the attack signatures (features/attack-patterns.ts) tag requests and headers (off: no
 *   request carries a tag, as with an attack family no signature knows; header attacks go with them);
 * - `catchAllPage`: a 200 answer with the site's catch-all page, to a path no other client requests, is
 *   a probe (sitemap/catch-all-page.ts; off: only error answers are).
 */
export const DETECTION_SIGNALS = Object.freeze(['semantic', 'fieldNovelty', 'clientSupport', 'hostileClients', 'headerAttacks', 'clientRoles', 'signatures', 'catchAllPage'] as const);
export type DetectionSignal = (typeof DETECTION_SIGNALS)[number];

export type SignalSwitches = Partial<Record<DetectionSignal, boolean>>;

/** Which signals are on (checked where they enter: checkSignalSwitches). */
export function signalSwitch(signals: SignalSwitches = {}): (signal: DetectionSignal) => boolean {
  return (signal) => signals[signal] !== false;
}

/** An unknown name or a value that is not true or false is a usage error, not a silently ignored switch. */
export function checkSignalSwitches(signals: SignalSwitches | undefined): void {
  checkGroup('option signals', signals);
  for (const [name, on] of Object.entries(signals ?? {})) {
    if (!(DETECTION_SIGNALS as readonly string[]).includes(name)) {
      throw new UsageError(`option signals.${name}: unknown detection signal`, { hint: `use one of: ${DETECTION_SIGNALS.join(', ')}` });
    }
    if (on !== undefined) checkType(`option signals.${name}`, on, 'boolean');
  }
}

/** The records with no header attack: what a scan without that signal sees. */
export function withoutHeaders(rows: OccurrenceView): OccurrenceView {
  return {
    get size() {
      return rows.size;
    },
    textId: (i) => rows.textId(i),
    fileId: (i) => rows.fileId(i),
    line: (i) => rows.line(i),
    ipId: (i) => rows.ipId(i),
    tagMask: (i) => rows.tagMask(i),
    status: (i) => rows.status(i),
    headers: () => 0,
    headerTags: () => 0,
    instantPost: (i) => rows.instantPost(i),
  };
}

/**
 * The tag names of a tag mask as detection reads them: none at all when `signatures` is off, so that
 * the site judgement, fusion and campaigns all see the same tag-free scan.
 */
export function signatureTags(on: (signal: DetectionSignal) => boolean, tags: { tags(mask: number): string[] }): (mask: number) => string[] {
  return on('signatures') ? (mask) => tags.tags(mask) : () => [];
}
