// Judges each record of a batch as it arrives, with the signals that need no history: an attack
// signature in the request line, the User-Agent or the Referer (features/attack-tags.ts,
// header-attacks.ts), and, against a baseline, the novelty of its text (text-novelty.ts). A finding
// has the shape and reasons of a `scan` line finding, so one reader serves both.

import { SCANNER_AGENT_TAG } from '../features/attack-patterns.js';
import { attackTags } from '../features/attack-tags.js';
import { HEADER_BITS, headerFields as headerFieldsOf, headerReason, HeaderTagMemo } from '../features/header-attacks.js';
import { requestText } from '../normalize/request-text.js';
import { CONTEXT_LINE_SCORE, HEADER_LINE_SCORE } from '../rank/fuse-findings.js';
import { round3 } from '../round3.js';
import type { LineFinding, LogRecord } from '../types.js';
import { CappedCounts } from './capped-counts.js';


/** A text's verdict against the baseline; undefined when it is no finding. */
export interface TextVerdict {
  score: number;
  reasons: string[];
  nearestNormal: Array<{ text: string; distance: number }>;
}

/** One record as judged: its text, its attack tags and its line finding, if it is one. */
export interface JudgedRecord {
  record: LogRecord;
  text: string;
  tags: string[];
  finding: LineFinding | undefined;
  /** How often its text was seen so far (capped, see CappedCounts). */
  count?: number;
  /** Attack tags in its User-Agent and Referer, and the HEADER_BITS of the headers that carry them. */
  headerTags: string[];
  headers: number;
}

/** Judges distinct texts as a batch (embedding them together); may be absent (no baseline). */
export type JudgeTexts = (texts: readonly string[], signal?: AbortSignal) => Promise<Array<TextVerdict | undefined>>;

export class RecordJudge {
  readonly #agents = new HeaderTagMemo('userAgent');
  readonly #referers = new HeaderTagMemo('referer');
  readonly #counts: CappedCounts;
  readonly #judgeTexts: JudgeTexts | undefined;

  /** `maxTexts`: distinct texts whose counts are kept (the oldest are forgotten: memory stays bounded over days). */
  constructor(judgeTexts: JudgeTexts | undefined, maxTexts: number) {
    this.#judgeTexts = judgeTexts;
    this.#counts = new CappedCounts(maxTexts);
  }

  /** Each record in order, with its finding if it is one (the rolling client state counts them). */
  async judge(records: readonly LogRecord[], signal?: AbortSignal): Promise<JudgedRecord[]> {
    const texts = records.map(requestText);
    const distinct = [...new Set(texts)];
    const verdicts = new Map<string, TextVerdict | undefined>();
    if (this.#judgeTexts !== undefined && distinct.length > 0) {
      const judged = await this.#judgeTexts(distinct, signal);
      distinct.forEach((text, i) => verdicts.set(text, judged[i]));
    }
    return records.map((record, i) => {
      const text = texts[i]!;
      const count = this.#counts.add(text);
      const tags = attackTags(record);
      const agentTags = this.#agents.tags(record.userAgent);
      const refererTags = this.#referers.tags(record.referer);
      const headers = (agentTags.length > 0 ? HEADER_BITS.userAgent : 0) | (refererTags.length > 0 ? HEADER_BITS.referer : 0);
      const headerTags = headers === 0 ? [] : [...new Set([...agentTags, ...refererTags])];
      const finding = this.#judgeOne(record, text, tags, count, headers, headerTags, verdicts.get(text));
      return { record, text, tags, count, finding, headerTags, headers };
    });
  }

  /** Distinct texts whose counts are kept. */
  get texts(): number {
    return this.#counts.size;
  }

  #judgeOne(record: LogRecord, text: string, tags: string[], count: number, headers: number, headerTags: string[], verdict: TextVerdict | undefined): LineFinding | undefined {
    const payload = tags.filter((tag) => tag !== SCANNER_AGENT_TAG);
    const headerFields = headers === 0 ? [] : headerFieldsOf(headers);
    if (verdict === undefined && payload.length === 0 && headerFields.length === 0) return undefined;
    const reasons = verdict ? [...verdict.reasons] : [];
    if (headerFields.length > 0) reasons.unshift(headerReason(headerFields, headerTags));
    if (tags.length > 0) reasons.push(`looks like ${tags.join(', ')}`);
    const requestScore = verdict?.score ?? (payload.length > 0 ? CONTEXT_LINE_SCORE : 0);
    return {
      file: record.file,
      fields: [...(requestScore > 0 ? ['request'] : []), ...headerFields],
      line: record.line,
      ip: record.clientIp,
      score: round3(requestScore + (headerFields.length > 0 ? HEADER_LINE_SCORE : 0)),
      reasons,
      text,
      tags,
      count,
      // Live, a line is judged before its client is known to be hostile: its own signatures only.
      attack: tags.length > 0 || headerFields.length > 0,
      outlierScore: round3(verdict?.score ?? 0),
      nearestNormal: verdict?.nearestNormal ?? [],
    };
  }
}
