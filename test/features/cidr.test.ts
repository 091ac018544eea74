import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from '../../src/features/cidr.js';
import { UsageError } from '../../src/errors.js';

describe('parseIp', () => {
  it('parses IPv4, IPv6 shorthand, brackets, zones and IPv4-mapped addresses', () => {
    expect(parseIp('10.1.2.3')).toEqual({ version: 4, value: 0x0a010203n });
    expect(parseIp('::1')).toEqual({ version: 6, value: 1n });
    expect(parseIp('[2001:db8::1]')).toEqual({ version: 6, value: 0x20010db8000000000000000000000001n });
    expect(parseIp('fe80::1%eth0')?.version).toBe(6);
    expect(parseIp('::ffff:10.1.2.3')).toEqual({ version: 4, value: 0x0a010203n });
    expect(parseIp('64:ff9b::192.0.2.33')?.value).toBe(0x0064ff9b0000000000000000c0000221n);
  });

  it('returns null for what is not an address', () => {
    for (const bad of ['', '256.1.1.1', '1.2.3', 'example.com', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '-']) expect(parseIp(bad)).toBeNull();
  });
});

describe('parseCidr / cidrContains', () => {
  it('matches IPv4 and IPv6 blocks', () => {
    const v4 = parseCidr('192.168.1.0/24');
    expect(cidrContains(v4, parseIp('192.168.1.200')!)).toBe(true);
    expect(cidrContains(v4, parseIp('192.168.2.1')!)).toBe(false);
    expect(cidrContains(v4, parseIp('::ffff:192.168.1.9')!)).toBe(true);
    const v6 = parseCidr('2001:db8::/32');
    expect(cidrContains(v6, parseIp('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2001:db9::1')!)).toBe(false);
    expect(cidrContains(v6, parseIp('192.168.1.1')!)).toBe(false);
  });

  it('accepts bare addresses, /0 and host bits', () => {
    expect(cidrContains(parseCidr('10.0.0.7'), parseIp('10.0.0.7')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.7'), parseIp('10.0.0.8')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0'), parseIp('8.8.8.8')!)).toBe(true);
    expect(cidrContains(parseCidr('10.9.9.9/8'), parseIp('10.1.1.1')!)).toBe(true);
  });

  it('throws a UsageError with a hint for a bad CIDR', () => {
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', '10.0.0.0/', '10.0.0.0/8/9', 'internal', '10.0.0.0/-1']) {
      expect(() => parseCidr(bad)).toThrow(UsageError);
    }
    expect(() => parseCidr('10.0.0.0/33')).toThrow(
      expect.objectContaining({ message: '"10.0.0.0/33" is not an IP address or CIDR block', hint: expect.stringMatching(/10\.0\.0\.0\/8/), exitCode: 2 }),
    );
  });
});
