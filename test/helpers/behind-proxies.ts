// Log lines as a server behind load balancers logs them with nginx's main format: the proxy's address
// where the client's was, and X-Forwarded-For as the last field.

/** `lines` logged behind 198.51.100.7 and .8 (by the client's last octet), a third of them through a second proxy hop (.20). */
export function behindProxies(lines: readonly string[]): string[] {
  return lines.map((line, k) => {
    const space = line.indexOf(' ');
    const client = line.slice(0, space);
    const proxy = `198.51.100.${7 + (Number(client.split('.').at(-1)) % 2)}`;
    return `${proxy}${line.slice(space)} "${k % 3 === 0 ? `${client}, 198.51.100.20` : client}"`;
  });
}

export const PROXIES = '198.51.100.0/24';
