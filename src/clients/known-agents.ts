// Well-known crawlers and uptime monitors by their user agent. They are expected to be busy: a search
// engine reads thousands of pages, a monitor polls one URL all day. Their volume is not a finding;
// what they do beyond it (payloads, probes) is, and then all the more (a scanner hiding behind a
// crawler's name).

export type AgentRole = 'crawler' | 'monitor';

interface KnownAgent {
  readonly name: string;
  readonly role: AgentRole;
  readonly pattern: RegExp;
}

const crawler = (name: string, pattern: RegExp): KnownAgent => ({ name, role: 'crawler', pattern });
const monitor = (name: string, pattern: RegExp): KnownAgent => ({ name, role: 'monitor', pattern });

export const KNOWN_AGENTS: readonly KnownAgent[] = Object.freeze([
  crawler('Googlebot', /googlebot|google-inspectiontool|adsbot-google|mediapartners-google|feedfetcher-google|googleother/i),
  crawler('Bingbot', /bingbot|msnbot|bingpreview|adidxbot/i),
  crawler('Yahoo Slurp', /yahoo! slurp/i),
  crawler('DuckDuckBot', /duckduckbot/i),
  crawler('Baiduspider', /baiduspider/i),
  crawler('YandexBot', /yandex(?:bot|images|metrika|mobilebot)/i),
  crawler('Applebot', /applebot/i),
  crawler('Sogou', /sogou (?:web )?spider/i),
  crawler('Seznam', /seznambot/i),
  crawler('Petalbot', /petalbot/i),
  crawler('Facebook', /facebookexternalhit|facebot|meta-externalagent/i),
  crawler('Twitter', /twitterbot/i),
  crawler('LinkedIn', /linkedinbot/i),
  crawler('Internet Archive', /ia_archiver|archive\.org_bot/i),
  crawler('AhrefsBot', /ahrefsbot/i),
  crawler('SemrushBot', /semrushbot/i),
  crawler('MJ12bot', /mj12bot/i),
  crawler('DotBot', /dotbot|rogerbot|ezooms/i),
  crawler('Exabot', /exabot/i),
  crawler('CCBot', /ccbot/i),
  crawler('feed reader', /feedly|feedburner|newsblur|inoreader|tiny tiny rss|netvibes|bloglines/i),
  // The AI crawlers that fill today's logs; each publishes its user agent and honours robots.txt.
  crawler('OpenAI', /gptbot|oai-searchbot|chatgpt-user/i),
  crawler('Anthropic', /claudebot|claude-web|claude-user|claude-searchbot|anthropic-ai/i),
  crawler('Perplexity', /perplexitybot|perplexity-user/i),
  crawler('Bytespider', /bytespider/i),
  crawler('Amazonbot', /amazonbot/i),
  crawler('DuckAssistBot', /duckassistbot/i),
  crawler('MojeekBot', /mojeekbot/i),
  crawler('BLEXBot', /blexbot/i),
  crawler('DataForSeoBot', /dataforseobot/i),
  crawler('Adsbot (seostar)', /\badsbot\/\d|seostar\.co\/robot/i),
  monitor('Pingdom', /pingdom/i),
  monitor('UptimeRobot', /uptimerobot/i),
  monitor('StatusCake', /statuscake/i),
  monitor('Site24x7', /site24x7/i),
  monitor('Nagios', /check_http|nagios/i),
  monitor('Zabbix', /zabbix/i),
  monitor('health check', /elb-healthchecker|kube-probe|googlehc|amazon-route53-health-check|datadog agent|newrelicpinger/i),
  monitor('Better Stack', /better(?: |-)?uptime|betterstack/i),
  monitor('Uptime Kuma', /uptime-kuma/i),
  monitor('Prometheus blackbox exporter', /blackbox.exporter/i),
  monitor('Google Cloud uptime check', /googlestackdrivermonitoring-uptimechecks/i),
  monitor('Checkly', /checkly/i),
  monitor('Datadog synthetics', /datadogsynthetics/i),
]);

/** Answers remembered per user agent: tens of thousands of clients share a few hundred agents. */
const remembered = new Map<string, KnownAgent | null>();
const REMEMBER_AT_MOST = 4096;

/** The known crawler or monitor a user agent names, if any. */
export function knownAgent(userAgent: string): KnownAgent | undefined {
  if (userAgent === '') return undefined;
  let agent = remembered.get(userAgent);
  if (agent === undefined) {
    agent = KNOWN_AGENTS.find((known) => known.pattern.test(userAgent)) ?? null;
    // A log of random user agents would grow the memo without bound: start over instead.
    if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
    remembered.set(userAgent, agent);
  }
  return agent ?? undefined;
}
