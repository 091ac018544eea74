// A form bot's instant POSTs as line findings, live: what `scan` reports for them (rank/fuse-findings.ts,
// FORM_BOT_LINE_REASON): the spam message, sign-up or log-in attempt itself. A watcher writes each line
// as it arrives, before it knows the client posts its forms faster than a person can; so when a client
// is labelled `form-bot`, its instant POSTs still in the window that were no finding of their own are
// written then, each once, and its later ones as it is judged again.

import { FormPosts } from '../features/form-posts.js';
import { clientLineBonus, CONTEXT_LINE_SCORE, FORM_BOT_LINE_REASON, FUSE_DEFAULTS, lineScore } from '../rank/fuse-findings.js';
import type { IpVerdict } from '../types.js';
import type { ClientTrail } from './client-window.js';
import { keptLine, type KeptLine } from './probe-lines.js';

/** The line findings of form bot `ip`'s instant POSTs in its window not written yet; marks them written. */
export function formBotLines(ip: string, trail: ClientTrail, verdict: IpVerdict | undefined): KeptLine[] {
  const score = lineScore(CONTEXT_LINE_SCORE, clientLineBonus(verdict), FUSE_DEFAULTS.ipWeight);
  const lines: KeptLine[] = [];
  // Which POSTs were instant, judged over the window in order as its feature row judged them.
  const forms = new FormPosts();
  for (const request of trail.live()) {
    const instant = forms.add(request.method, request.profile.pathHash, request.profile.shownUri, request.timeMs);
    const source = request.source;
    if (!instant || source === undefined) continue;
    request.source = undefined;
    lines.push({ finding: keptLine(ip, source, score, FORM_BOT_LINE_REASON), timeMs: request.timeMs, probe: false });
  }
  return lines;
}
