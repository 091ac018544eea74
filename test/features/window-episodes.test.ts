import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { episodes } from '../../src/features/window-episodes.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';
import { DATA } from './attack-mix.js';

const MIN5 = 300_000;
const at = (k: number, type: string, score: number) => ({ type, startMs: k * MIN5, endMs: (k + 1) * MIN5, score, reasons: [`${type} ${score}`] });

describe('episodes', () => {
  it('merges consecutive windows of one type into one finding with its peak’s figures', () => {
    const found = episodes([at(3, 'bot_traffic', 5), at(4, 'bot_traffic', 9), at(4, 'error_spike', 4), at(5, 'bot_traffic', 6), at(7, 'bot_traffic', 8)]);
    expect(found).toEqual([
      { type: 'bot_traffic', startMs: 3 * MIN5, endMs: 6 * MIN5, score: 9, windows: 3, reasons: ['3 windows in a row, figures of the peak at 1970-01-01T00:20:00Z', 'bot_traffic 9'] },
      { type: 'error_spike', startMs: 4 * MIN5, endMs: 5 * MIN5, score: 4, windows: 1, reasons: ['error_spike 4'] },
      // A quiet window (6) between: a new episode.
      { type: 'bot_traffic', startMs: 7 * MIN5, endMs: 8 * MIN5, score: 8, windows: 1, reasons: ['bot_traffic 8'] },
    ]);
  });

  it('names an episode that holds a quarter of the scan’s windows with traffic a long busy period', () => {
    const run = [at(3, 'bot_traffic', 5), at(4, 'bot_traffic', 9), at(5, 'bot_traffic', 6)];
    // 3 of 12 windows with traffic: 25 %, named; 3 of 13: 23 %, not.
    expect(episodes(run, 12)[0]!.reasons[0]).toBe(
      "3 windows in a row (25 % of the scan's windows with traffic: a long busy period, such as working hours against quiet nights, more than a burst), figures of the peak at 1970-01-01T00:20:00Z",
    );
    expect(episodes(run, 13)[0]!.reasons[0]).toBe('3 windows in a row, figures of the peak at 1970-01-01T00:20:00Z');
    // A lone window is never one, and the finding and its score stay.
    expect(episodes([at(1, 'traffic_spike', 4)], 2)).toEqual([{ ...at(1, 'traffic_spike', 4), windows: 1 }]);
    expect(episodes(run, 12)[0]).toMatchObject({ score: 9, windows: 3 });
  });

  it('leaves lone windows as they are', () => {
    expect(episodes([at(1, 'traffic_spike', 4)])).toEqual([{ ...at(1, 'traffic_spike', 4), windows: 1 }]);
    expect(episodes([])).toEqual([]);
  });
});

const TOMCAT = `${DATA}tomcat-banner-2019/localhost_access_log.txt`;

describe.skipIf(!existsSync(TOMCAT))('windows of tomcat-banner-2019’s real day', () => {
  it('does not report the working day of its two users: it is judged against itself', async () => {
    const analysis = await analyze({ paths: [TOMCAT], embedder: trigramEmbedder(), cacheDir: false });
    // Until the busy period was judged on its own, its 87 windows (13:10 to 20:25) were one
    // bot_traffic episode scoring 297 against the quiet night. What is left: the last user's few
    // requests after the working day (26 in 5 minutes against the night's 12), as before.
    expect(analysis.windows.map((w) => [w.type, new Date(w.startMs).toISOString(), w.windows, w.score])).toEqual([
      ['bot_traffic', '2019-06-20T20:45:00.000Z', 1, 4.721],
    ]);
  });

  it('finds a bot hammering it for 10 minutes in the middle of the working day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semlog-tomcat-'));
    try {
      // 4,000 requests in each of two windows (13 a second), 12:00 to 12:10 local (16:00Z, when the
      // users sent 121 and 110): 16 times the working day's median, where its busiest window is 3.6.
      const bot = Array.from({ length: 8000 }, (_, i) => {
        const s = Math.floor(i / 13.4);
        const time = `12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
        return `10.220.121.99 - - [20/Jun/2019:${time} -0400] "GET /BannerAdmin.ws/rest/item?id=${i} HTTP/1.1" 200 512`;
      });
      const log = join(dir, 'localhost_access_log.txt');
      writeFileSync(log, `${readFileSync(TOMCAT, 'utf8')}${bot.join('\n')}\n`);
      const analysis = await analyze({ paths: [log], embedder: trigramEmbedder(), cacheDir: false });
      const found = analysis.windows.find((w) => w.startMs === Date.parse('2019-06-20T16:00:00Z'));
      expect(found).toMatchObject({ type: 'bot_traffic', windows: 2, endMs: Date.parse('2019-06-20T16:10:00Z') });
      expect(found!.reasons[1]).toMatch(/^requests 41\d\d is [\d.]+σ above normal for the busy period \(median 254\)$/);
      // The rest of the working day is not a finding.
      expect(analysis.windows.filter((w) => w.startMs < Date.parse('2019-06-20T20:30:00Z'))).toEqual([found]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
