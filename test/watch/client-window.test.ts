// The sliding window of per-client requests: hand-computed features, expiry by the log's clock, and
// the caps that keep memory bounded (requests per client, clients kept, LRU).
import { describe, expect, it } from 'vitest';
import { requestProfile } from '../../src/features/request-profile.js';
import { ClientWindow, type ClientWindowOptions, type WindowRequest } from '../../src/watch/client-window.js';
import { record } from '../features/record.js';

const MINUTE = 60_000;

function request(atMs: number, fields: { path?: string; status?: number } = {}): WindowRequest {
  const r = record({ timeMs: atMs, path: fields.path ?? '/', status: fields.status ?? 200 });
  return { method: r.method, status: r.status, durationMs: r.durationMs, timeMs: r.timeMs, userAgent: r.userAgent, profile: requestProfile(r, []), payload: false, scannerAgent: false, flagged: false, route: r.path, browserRequest: false, okBytes: 0, atMs };
}

const window = (options: Partial<ClientWindowOptions> = {}) =>
  new ClientWindow({ windowMs: 10 * MINUTE, maxClients: 100, maxRequestsPerClient: 1000, maxRequests: 100_000, ...options });

describe('ClientWindow', () => {
  it('builds the scan features over the requests of the window', () => {
    const w = window();
    w.add('a', request(0, { path: '/x', status: 200 }));
    w.add('a', request(1 * MINUTE, { path: '/y', status: 404 }));
    w.add('a', request(2 * MINUTE, { path: '/y', status: 500 }));
    w.add('a', request(4 * MINUTE, { path: '/z', status: 200 }));
    const row = w.row('a')!;
    expect(row.requestCount).toBe(4);
    expect(row.features.unique_uris).toBe(3);
    expect(row.features.error_count).toBe(2);
    expect(row.features.error_ratio).toBe(0.5);
    // 4 requests over a 4-minute span.
    expect(row.features.request_rate).toBe(1);
    expect(row.features.repetition_ratio).toBeCloseTo(4 / 3, 10);
  });

  it('drops the requests that left the window, by the log\'s clock (the median of the last five times)', () => {
    const w = window();
    w.add('a', request(0, { path: '/old' }));
    w.add('a', request(1 * MINUTE));
    // Three requests at 11 min: the median of 0, 1, 11, 11, 11 is 11 min, the cut-off 1 min.
    for (let i = 0; i < 3; i++) w.add('b', request(11 * MINUTE));
    // The request at 0 is gone, the one at 1 min stays (it is touched again here).
    w.add('a', request(11 * MINUTE));
    const row = w.row('a')!;
    expect(row.requestCount).toBe(2);
    expect(row.topUris.map(([uri]) => uri)).not.toContain('/old');
    expect(w.requests).toBe(5);
  });

  it('forgets a client whose requests all left the window, without counting it as evicted', () => {
    const w = window();
    w.add('idle', request(0));
    w.add('busy', request(11 * MINUTE));
    // One later time does not move the clock yet (the median of 0 and 11 min is 0).
    expect(w.get('idle')).toBeDefined();
    w.add('busy', request(11 * MINUTE));
    w.add('busy', request(11 * MINUTE));
    expect(w.get('idle')).toBeUndefined();
    expect(w.clients).toBe(1);
    expect(w.requests).toBe(3);
    expect(w.evicted).toBe(0);
  });

  it('is not thrown forward by one request with a wild time, and forgets that client', () => {
    const w = window();
    w.add('a', request(0));
    w.add('wild', request(10 * 365 * 24 * 60 * MINUTE));
    for (let i = 1; i <= 5; i++) w.add('a', request(i * MINUTE));
    // Every request of a stays (a newest-time clock would have dropped them all), and the client ten
    // years ahead of the clock is out of the window.
    expect(w.row('a')!.requestCount).toBe(6);
    expect(w.get('wild')).toBeUndefined();
    expect(w.evicted).toBe(0);
  });

  it('keeps at most maxRequestsPerClient requests per client, the newest', () => {
    const w = window({ maxRequestsPerClient: 3 });
    for (let i = 0; i < 5; i++) w.add('a', request(i * 1000, { path: `/p${i}` }));
    const row = w.row('a')!;
    expect(row.requestCount).toBe(3);
    expect(row.topUris.map(([uri]) => uri).sort()).toEqual(['/p2', '/p3', '/p4']);
    expect(w.requests).toBe(3);
  });

  it('keeps at most maxClients clients, forgetting the one idle longest', () => {
    const w = window({ maxClients: 2 });
    w.add('a', request(0));
    w.add('b', request(1000));
    w.add('a', request(2000));
    w.add('c', request(3000));
    expect(w.get('b')).toBeUndefined();
    expect(w.get('a')?.size).toBe(2);
    expect(w.clients).toBe(2);
    expect(w.evicted).toBe(1);
    expect(w.requests).toBe(3);
  });

  it('keeps at most maxRequests requests over all clients, forgetting the clients idle longest', () => {
    const w = window({ maxRequests: 5 });
    w.add('a', request(0));
    w.add('a', request(1));
    w.add('b', request(2));
    w.add('c', request(3));
    w.add('c', request(4));
    expect(w.clients).toBe(3);
    // A sixth request: a (idle longest, 2 requests) goes.
    w.add('b', request(5));
    expect(w.get('a')).toBeUndefined();
    expect(w.requests).toBe(4);
    expect(w.evicted).toBe(1);
  });

  it('stays within its caps over a long stream (memory is bounded)', () => {
    const w = window({ maxClients: 50, maxRequestsPerClient: 20 });
    for (let i = 0; i < 20_000; i++) {
      w.add(`10.0.${i % 97}.${i % 7}`, request(i * 100, { path: `/p${i % 13}` }));
      expect(w.clients).toBeLessThanOrEqual(50);
    }
    expect(w.requests).toBeLessThanOrEqual(50 * 20);
    const held = [...w.trails()].reduce((sum, trail) => sum + trail.size, 0);
    expect(held).toBe(w.requests);
  });
});
