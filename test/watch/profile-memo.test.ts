// Profiles shared per distinct request, at most maxProfiles of them.
import { describe, expect, it } from 'vitest';
import { ProfileMemo } from '../../src/watch/profile-memo.js';
import { record } from '../features/record.js';

describe('ProfileMemo', () => {
  it('shares one profile per URI, user agent and tags, and forgets the least recently used past its cap', () => {
    const memo = new ProfileMemo(2);
    const a = memo.of(record({ path: '/a', query: 'x=1' }), []);
    expect(memo.of(record({ path: '/a', query: 'x=1', clientIp: '198.51.100.2' }), [])).toBe(a);
    expect(memo.of(record({ path: '/a', query: 'x=1', userAgent: 'curl/8' }), [])).not.toBe(a);
    // The same request with a tag its Referer added is another profile, with that tag.
    expect(memo.of(record({ path: '/a', query: 'x=1' }), ['xss']).tags).toEqual(['xss']);
    expect(memo.size).toBe(2);
    // /a without tags was used least recently: forgotten, computed again (equal, not the same object).
    const again = memo.of(record({ path: '/a', query: 'x=1' }), []);
    expect(again).not.toBe(a);
    expect(again).toEqual(a);
  });
});
