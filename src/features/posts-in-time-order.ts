// Instant POSTs (form-posts.ts) judged again in time order, for the clients whose requests the scan
// read out of it. form-posts.ts reads a client's requests in log order, and a POST is instant when the
// client's last GET was of the same page within a second. A site on several servers writes one log
// per server (three Tomcat nodes, an ALB's file per node and five minutes); read one after the other,
// a form bot's GET is in one file and its POST in another, read before it or after other GETs, and
// the bot looked like a person (bench/quality/split-servers.md: almhuette's contact-form spammers
// fell from 3rd and 4th to 27th and 28th). Once every record is in, this pass takes each client whose
// timed GETs and POSTs went back in time, sorts them by time and judges its POSTs again as
// form-posts.ts would have on a log in time order. Clients read in order are left as they are.

import { routeOf } from '../sitemap/route-of.js';
import { INSTANT_POST_MS } from './form-posts.js';
import { rowsByClient } from './rows-by-client.js';

/** What the pass reads of the records, and the flag it sets again (pipeline/occurrences.ts). */
export interface PostRows {
  readonly size: number;
  textId(i: number): number;
  ipId(i: number): number;
  /** NaN when the format logs no time. */
  timeMs(i: number): number;
  setInstantPost(i: number, instant: boolean): void;
}

/** Where the per-client counts live (features/ip-accumulator.ts). */
export interface FormPostCounts {
  rejudgeFormPosts(ipId: number, instant: number, firstInstantUri: string): void;
}

const OTHER = 0;
const GET = 1;
const POST = 2;

/**
 * Per distinct text (`METHOD /path?query`, pipeline/request-text): its method as GET, POST or OTHER,
 * its page (the path: a form's GET and POST match on it, as in form-posts.ts) and what a reason shows
 * of it (path and query).
 */
function textMethods(texts: readonly string[]): { method: Uint8Array; page: string[]; shown: string[] } {
  const method = new Uint8Array(texts.length);
  const page: string[] = [];
  const shown: string[] = [];
  texts.forEach((text, id) => {
    const space = text.indexOf(' ');
    const verb = text.slice(0, space);
    method[id] = verb === 'GET' ? GET : verb === 'POST' ? POST : OTHER;
    page.push(routeOf(text));
    shown.push(text.slice(space + 1));
  });
  return { method, page, shown };
}

/**
 * Judges again, in time order, the POSTs of every client whose timed GETs and POSTs the scan read out
 * of time order: sets each one's instant flag in `rows` and its client's counts in `clients`. Records
 * of equal times (logs keep whole seconds) stay in the order they were read: a GET that comes after a
 * POST of its page in the same second is the redirect after a login or a sign-up (POST, 302, GET), and
 * putting GETs first would make every such person a form bot. So a bot's GET and POST of the same
 * second, read from two servers' logs with the POST's first, stay apart. Returns how many clients were
 * judged again. `clientCount` bounds the client ids of `rows`.
 */
export function rejudgePostsInTimeOrder(rows: PostRows, texts: readonly string[], clientCount: number, clients: FormPostCounts): number {
  const { method, page, shown } = textMethods(texts);
  // One pass: which clients went back in time among their GETs and POSTs (bit 1), and which posted (bit 2).
  const lastMs = new Float64Array(clientCount).fill(Number.NEGATIVE_INFINITY);
  const seen = new Uint8Array(clientCount);
  const BACK = 1;
  const POSTED = 2;
  const timedForm = (i: number) => method[rows.textId(i)] !== OTHER && !Number.isNaN(rows.timeMs(i));
  for (let i = 0; i < rows.size; i++) {
    if (!timedForm(i)) continue;
    const ipId = rows.ipId(i);
    const timeMs = rows.timeMs(i);
    if (timeMs < lastMs[ipId]!) seen[ipId]! |= BACK;
    else lastMs[ipId] = timeMs;
    if (method[rows.textId(i)] === POST) seen[ipId]! |= POSTED;
  }
  const candidate = (ipId: number) => seen[ipId] === (BACK | POSTED);
  if (!seen.some((_, ipId) => candidate(ipId))) return 0;

  const { start, order } = rowsByClient(rows, clientCount, (i) => candidate(rows.ipId(i)) && timedForm(i));
  let judged = 0;
  for (let ipId = 0; ipId < clientCount; ipId++) {
    if (start[ipId] === start[ipId + 1]) continue;
    judged++;
    const list = order.subarray(start[ipId]!, start[ipId + 1]!).sort((a, b) => rows.timeMs(a) - rows.timeMs(b) || a - b);
    let getPage: string | undefined;
    let getMs = 0;
    let instant = 0;
    let firstInstant = '';
    for (const i of list) {
      const textId = rows.textId(i);
      const timeMs = rows.timeMs(i);
      if (method[textId] === GET) {
        getPage = page[textId];
        getMs = timeMs;
        continue;
      }
      const isInstant = getPage === page[textId] && timeMs - getMs <= INSTANT_POST_MS;
      rows.setInstantPost(i, isInstant);
      if (!isInstant) continue;
      instant++;
      if (firstInstant === '') firstInstant = shown[textId]!;
    }
    clients.rejudgeFormPosts(ipId, instant, firstInstant);
  }
  return judged;
}
