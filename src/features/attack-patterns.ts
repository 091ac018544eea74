// The signatures behind attackTags(): one frozen list per attack class, matched on lower-cased text.
//
// Every pattern must run in linear time on hostile input: no nested quantifiers, no two adjacent
// quantified parts that can match the same characters, and every "anything" gap is bounded
// (`[^>]{0,200}`), so that a 8 KB line of `<<<<` or `''''` costs microseconds, not seconds.

/**
 * Where a pattern looks: the decoded request target (path + query), the decoded user agent, both,
 * or `everywhere` (also referer and cookie: Log4Shell payloads are planted in any logged header).
 */
export type PatternField = 'target' | 'userAgent' | 'both' | 'everywhere';

/** What a pattern needs: a RegExp, or a scanner that no regular expression states in linear time. */
export interface Matcher {
  test(text: string): boolean;
  /** What it matches, for messages and tests (a RegExp's own source). */
  readonly source: string;
}

export interface AttackPattern {
  readonly tag: string;
  readonly field: PatternField;
  readonly regex: Matcher;
}

/**
 * A run of at least `minLength` characters that repeats a unit of one to four characters: the
 * padding that overflows a buffer (Code Red's `/default.ida?XXXX…`, 224 X) or a NOP sled and its
 * filler (the WebDAV SEARCH overflow: `\x90\x02\xb1` and then `\x02\xb1` for 8 KB). As a regular
 * expression (`(.{1,4})\1{31,}`) it would retry the run from every character of a near miss; one pass
 * per unit length keeps it linear.
 */
function repeatedUnitRun(minLength: number): Matcher {
  return {
    source: `a unit of 1 to 4 characters repeated over ${minLength} characters`,
    test(text: string): boolean {
      for (let unit = 1; unit <= 4; unit++) {
        let run = unit;
        for (let i = unit; i < text.length; i++) {
          if (text.charCodeAt(i) !== text.charCodeAt(i - unit)) run = unit;
          else if (++run >= minLength) return true;
        }
      }
      return false;
    },
  };
}

const SCANNER_AGENTS = [
  'sqlmap', 'nikto', 'acunetix', 'netsparker', 'w3af', 'nmap', 'masscan', 'zgrab', 'nuclei',
  'wpscan', 'dirbuster', 'gobuster', 'dirb/', 'ffuf', 'wfuzz', 'feroxbuster', 'openvas', 'nessus',
  'arachni', 'skipfish', 'whatweb', 'commix', 'havij', 'appscan', 'webinspect', 'burp',
  'owasp zap', 'zaproxy', 'jorgee', 'fimap', 'nstealth', 'paros', 'grabber', 'vega/',
];

const SCANNER_MARKERS = [
  'acunetix', 'netsparker', 'wvs_', 'bxss.me', 'r87.com', 'sqlmap', 'w3af', 'burpcollaborator',
  'oastify.com', 'interact.sh', 'nessus',
];

/**
 * What a referer or cookie must hold for an `everywhere` pattern to match it: each such pattern
 * starts with one of these, literally (`${` of Log4Shell, `()` of Shellshock), and lower-casing or
 * collapsing spaces cannot make one. A record whose referer and cookie hold none is tagged by its
 * request and user agent alone, so that RequestMemo may share one answer among such records.
 */
export const HEADER_PAYLOAD_MARKERS: readonly string[] = Object.freeze(['${', '()']);

/** The one tag that names the client's tool rather than something in its request: no payload. */
export const SCANNER_AGENT_TAG = 'scanner_user_agent';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (words: readonly string[]): RegExp => new RegExp(words.map(escapeRegex).join('|'));

export const ATTACK_PATTERNS: readonly AttackPattern[] = Object.freeze([
  // SQL injection: UNION/stacked queries, tautologies, timing and error-based functions of sqlmap.
  { tag: 'sql_injection', field: 'both', regex: /\bunion(?: all| distinct)? ?\(? ?select\b/ },
  { tag: 'sql_injection', field: 'target', regex: /['")]\s?(?:or|and|x?or|having|where|rlike|like|regexp)\s[('"]{0,3}[\w$]{1,20}['"]{0,2}\s?(?:=|<|>|like\b|rlike\b|is\b|between\b)/ },
  // Tautologies and contradictions of boolean-blind probes: `or 1=1`, `and 1=0`.
  { tag: 'sql_injection', field: 'target', regex: /\b(?:or|and|where)\s\(?\d{1,10}\s?=\s?\d{1,10}\b/ },
  { tag: 'sql_injection', field: 'target', regex: /\b(?:sleep|benchmark|pg_sleep|make_set|elt|updatexml|extractvalue|randomblob|generate_series|char|chr|concat|load_file|substring|ascii|utl_inaddr\.get_host_address|dbms_pipe\.receive_message|dbms_lock\.sleep|convert|cast|iif)\s?\(/ },
  { tag: 'sql_injection', field: 'target', regex: /\bwaitfor\s(?:delay|time)\b|\binformation_schema\b|@@version\b|\bsys(?:objects|columns)\b|\bxp_cmdshell\b|\brdb\$|\bfrom dual\b|\bselect\s(?:\*|null\b|count\s?\(|case\b|\d{1,10}\b|\(|'|")/ },
  { tag: 'sql_injection', field: 'target', regex: /['")]\s?;\s?(?:select|insert|update|delete|drop|declare|exec|begin|shutdown|create)\b|['")\d]\s?(?:--|#)\s?$/ },
  // Cross-site scripting: script tags, javascript: URLs, event handlers, classic sink calls.
  { tag: 'xss', field: 'both', regex: /<\/?script\b|\b(?:java|vb)script\s?:|<[a-z][a-z0-9]{0,15}[\s/][^>]{0,300}\bon[a-z]{3,20}\s?=|\bon(?:error|load|mouseover|focus|click|toggle|begin|pageshow|animationstart)\s?=/ },
  { tag: 'xss', field: 'both', regex: /<(?:svg|iframe|img|object|embed|applet|meta|link|style|base|frameset|isindex|marquee|xml|body|video|audio|input|form|details|math)\b|\b(?:alert|prompt|confirm)\s?\(|document\.(?:cookie|location|write|domain)|fromcharcode|expression\s?\(|data:text\/html|srcdoc\s?=/ },
  // Server-side code injection: PHP (`{${eval($_POST[c])}}`, `<?php`, ThinkPHP's `\think\app/invokefunction`
  // remote code execution), and Java expression languages (Struts OGNL, `Runtime.getRuntime().exec`).
  // `eval(` was XSS's until 2026-12-08: a bare `eval(` in a query is PHP's far more often than a
  // browser's, and a script payload keeps its `<script`, `javascript:` or event handler.
  { tag: 'code_injection', field: 'both', regex: /<\?php\b|\b(?:eval|base64_decode|gzinflate|str_rot13|call_user_func(?:_array)?|create_function|file_put_contents|file_get_contents|fputs|phpinfo)\s?\(|\binvokefunction\b|\\think\\|\$_(?:get|post|request|cookie|server|files)\[|#_memberaccess|@java\.lang\.runtime@|\bgetruntime\s?\(\s?\)|java\.lang\.processbuilder/ },
  // Path traversal: ../ in any spelling that survives double decoding, and the files it aims at.
  // A file: URL must name a file: `file://$file` or `file://${path}` is a script's unexpanded variable
  // that a crawler copied out of JavaScript source (MJ12bot on elastic's clean log), not a target.
  { tag: 'path_traversal', field: 'target', regex: /\.\.[/\\]|[/\\]\.\.(?:$|[/\\])|\.\.0x(?:2f|5c)|0x2e0x2e|%(?:25)?c0%(?:25)?a[ef]|%(?:25)?c1%(?:25)?[19]c|\bfile:\/(?!\/*\$)|\/etc\/(?:passwd|shadow|group|hosts)\b|\b(?:boot|win|system)\.ini\b|web-inf|c:[/\\](?:windows|winnt|boot)|\.{4,}[/\\]?/ },
  // Command injection: a shell separator followed by a command, substitution, or SSI exec.
  { tag: 'command_injection', field: 'target', regex: /(?:^|[;|&`]|\$\()\s?(?:\/usr\/bin\/|\/bin\/)?(?:id|whoami|uname|cat|ls|dir|ping|sleep|wget|curl|nc|netcat|bash|sh|cmd|powershell|ifconfig|ipconfig|netstat|net user|nslookup|echo|type|rm|chmod|perl|python|php)(?![=\w-])/ },
  { tag: 'command_injection', field: 'both', regex: /<!--#exec\b|\$\([a-z]|`[a-z/][^`]{0,100}`|\/bin\/(?:sh|bash|cat|ls|id|sleep|echo)\b|\bcmd(?:\.exe)?\s?\/c\b|\b(?:system|passthru|shell_exec|popen|proc_open)\s?\(|\|\s?dir\s|\bdir\sc:/ },
  // Probes for files that leak secrets or admin surfaces: dot files and folders, configs, database
  // dumps, and archives of the web root (`/backup.zip`, `/public_html.tar`) or named after the site
  // (`/www.example.com.tar.gz`), as backup scanners guess them; shell and database histories
  // (`/.bash_history`, `/.mysql_history`), which OWASP CRS's restricted files list too.
  {
    tag: 'sensitive_file_probe',
    field: 'target',
    regex:
      /\/\.(?:env|git|svn|hg|bzr|aws|ssh|docker|htaccess|htpasswd|ds_store|idea|vscode)(?:$|[/.?~])|\/\.(?:bash_history|bashrc|bash_profile|mysql_history|psql_history|sh_history|zsh_history)(?:$|[/?])|wp-config|\/etc\/(?:passwd|shadow)|phpmyadmin|\/(?:server-status|server-info|phpinfo\.php|web\.config|actuator|id_rsa|vendor\/phpunit)|\.(?:sql|bak|old|orig|swp|save|backup|sqlite|mdb)(?:$|[?~])|\/(?:backups?|dump|db|database|site|www|wwwroot|htdocs|public_html|webroot|httpdocs)\.(?:zip|tar|tgz|gz|rar|7z)(?:$|\?)|\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org)\.(?:zip|tar|tar\.gz|tgz|gz|rar|7z)(?:$|\?)/,
  },
  // Log4Shell and its nested-lookup obfuscations, wherever an attacker could plant them.
  // A lookup may hide `jndi` behind other lookups: `${${lower:j}ndi:…}`, `${j${k8s:k5:-ND}i…}` (any
  // lookup with a `:-` default returns its default, the obfuscation every variant uses).
  { tag: 'log4shell', field: 'everywhere', regex: /\$\{(?:jndi:|\$\{|[a-z]{1,10}\$\{|(?:lower|upper|env|sys|date|::-)[^}]{0,30}\}|[a-z0-9]{1,10}:[^}]{0,30}:-[^}]{0,10}\})/ },
  // Shellshock (CVE-2014-6271): a function definition in any header bash would import.
  // `() { :; };` and the later variants (`() { _; } >_[$($())] { … }`); not a script's `function() {…}`.
  { tag: 'shellshock', field: 'everywhere', regex: /(?<![\w$])\(\)\s?\{[^}]{0,100}\}\s?[;>]/ },
  // Open-proxy probes: a browser sends a web server the path (`GET /a`); an absolute URL as the target
  // (`GET http://other.example/`, which scanners also try with the server's own address) or a tunnel
  // (`CONNECT mail.example:25`) treats it as a proxy.
  // (ALB and CloudFront logs write every target absolute or path-only; their parsers keep the path.)
  { tag: 'proxy_probe', field: 'target', regex: /^(?:[a-z][a-z0-9+.-]{1,10}:\/\/|[a-z0-9.-]{1,253}:\d{1,5}(?:$|\t))/ },
  // Buffer overflows: 128 characters repeating a unit of 1 to 4 (no URL of a site needs that).
  { tag: 'buffer_overflow', field: 'target', regex: repeatedUnitRun(128) },
  { tag: SCANNER_AGENT_TAG, field: 'userAgent', regex: anyOf(SCANNER_AGENTS) },
  { tag: 'scanner_marker', field: 'target', regex: anyOf(SCANNER_MARKERS) },
] satisfies AttackPattern[]);
