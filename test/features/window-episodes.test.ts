import { existsSync } from 'node:fs';
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

describe.skipIf(!existsSync(TOMCAT))('episodes on tomcat-banner-2019’s real day', () => {
  it('reports the busy working day of its two pollers as one bot-traffic episode, not one finding per window', async () => {
    const analysis = await analyze({ paths: [TOMCAT], embedder: trigramEmbedder(), cacheDir: false });
    const [day] = analysis.windows;
    expect(day).toMatchObject({ type: 'bot_traffic', windows: 87 });
    expect(day!.endMs - day!.startMs).toBe(87 * 300_000);
    // 87 of the day's windows with traffic: its working hours, which the reason says.
    const active = analysis.timeline.filter((bucket) => bucket.requests > 0).length;
    expect(day!.reasons[0]).toBe(
      `87 windows in a row (${Math.round((100 * 87) / active)} % of the scan's windows with traffic: a long busy period, such as working hours against quiet nights, more than a burst), figures of the peak at ${day!.reasons[0]!.slice(-20)}`,
    );
    expect(day!.reasons[0]).toMatch(/figures of the peak at 2019-06-20T\d\d:\d\d:00Z$/);
    // Two episodes where there were 88 findings.
    expect(analysis.windows).toHaveLength(2);
  });
});
