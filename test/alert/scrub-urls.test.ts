import { describe, expect, it } from 'vitest';
import { scrubUrls } from '../../src/alert/scrub-urls.js';

describe('scrubUrls', () => {
  it('cuts every URL in a message to its scheme, host and port', () => {
    expect(scrubUrls('Request cannot be constructed from a URL that includes credentials: http://u:pw@127.0.0.1:18931/w/SECRET'))
      .toBe('Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:18931');
    expect(scrubUrls('fetch https://hooks.slack.com/services/T0/B0/SECRET?x=1#y failed (see https://a.example/b/SECRET).'))
      .toBe('fetch https://hooks.slack.com failed (see https://a.example).');
    expect(scrubUrls('ECONNREFUSED')).toBe('ECONNREFUSED');
  });

  it('drops what it cannot parse after the scheme', () => {
    expect(scrubUrls('bad http://[::1/SECRET')).toBe('bad http://…');
  });
});
