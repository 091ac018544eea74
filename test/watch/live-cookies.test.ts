// The live cookie registry: how many addresses sent each cookie, the least recently sent forgotten past the cap.
import { describe, expect, it } from 'vitest';
import { ADDRESSES_PER_COOKIE, LiveCookies, MAX_LIVE_COOKIES } from '../../src/watch/live-cookies.js';

describe('LiveCookies', () => {
  it('counts the distinct addresses that sent a cookie, saturating at the cap', () => {
    const cookies = new LiveCookies();
    expect([cookies.add(7, 'a'), cookies.add(7, 'a'), cookies.add(7, 'b'), cookies.add(7, 'a'), cookies.add(7, 'c'), cookies.add(8, 'a')]).toEqual([1, 1, 2, 2, 3, 1]);
    for (let k = 0; k < ADDRESSES_PER_COOKIE + 10; k++) cookies.add(9, `ip${k}`);
    expect(cookies.add(9, 'one-more')).toBe(ADDRESSES_PER_COOKIE);
  });

  it(`keeps ${MAX_LIVE_COOKIES} cookies, forgetting the one sent longest ago`, () => {
    const cookies = new LiveCookies();
    cookies.add(0, 'a');
    cookies.add(1, 'a');
    for (let k = 2; k < MAX_LIVE_COOKIES; k++) cookies.add(k, 'x');
    cookies.add(0, 'a'); // cookie 0 is now the most recent; cookie 1 the oldest
    cookies.add(MAX_LIVE_COOKIES, 'x');
    expect(cookies.size).toBe(MAX_LIVE_COOKIES);
    expect(cookies.add(0, 'b')).toBe(2);
    expect(cookies.add(1, 'b')).toBe(1); // forgotten: new again
  });
});
