// IPv4/IPv6 addresses and CIDR blocks as bigints: parsing user input strictly, log input leniently.
import { UsageError } from '../errors.js';

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

export interface Cidr extends IpAddress {
  prefix: number;
  /** As the user wrote it, for the per-rule counts in the summary. */
  text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/**
 * Parses an IPv4 or IPv6 address; null when it is not one. Brackets and a zone (`%eth0`) are
 * dropped, and an IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) is returned as IPv4 so that
 * `10.0.0.0/8` matches it: dual-stack servers log IPv4 clients that way.
 */
export function parseIp(text: string): IpAddress | null {
  let address = text.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(':')) return parseIpv4(address);
  const value = parseIpv6(address);
  if (value === null) return null;
  if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffff_ffffn };
  return { version: 6, value };
}

function parseIpv4(text: string): IpAddress | null {
  const match = IPV4.exec(text);
  if (match === null) return null;
  let value = 0n;
  for (const part of match.slice(1)) {
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return { version: 4, value };
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (half === undefined || half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === null) return null;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (HEX_GROUP.test(part)) out.push(parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  return value;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). Throws UsageError. */
export function parseCidr(text: string): Cidr {
  const [addressText = '', prefixText, extra] = text.trim().split('/');
  const address = parseIp(addressText);
  const bits = address?.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (address === null || extra !== undefined || !(prefix >= 0 && prefix <= bits)) {
    throw new UsageError(`"${text}" is not an IP address or CIDR block`, {
      hint: 'write an address with an optional prefix length, e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32',
    });
  }
  // Host bits set (10.1.2.3/8) are a common slip; the block is still unambiguous, so mask them.
  return { version: address.version, value: address.value & mask(bits, prefix), prefix, text: text.trim() };
}

/** `value` as RFC 5952 writes an IPv6 address: lower case, no leading zeros, the longest run of two or more zero groups (the first of equal runs) as `::`. */
export function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(16 * (7 - i))) & 0xffffn));
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (part: number[]) => part.map((group) => group.toString(16)).join(':');
  return best < 0 ? hex(groups) : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLength))}`;
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  return (ip.value & mask(cidr.version === 4 ? 32 : 128, cidr.prefix)) === cidr.value;
}

export function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}
