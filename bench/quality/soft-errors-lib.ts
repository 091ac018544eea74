// The rewrite of soft-errors.ts: a log as a site that answers 200 for what it does not have would write it.

/** The status after the request line (Common and Combined Log Format): the first unescaped `" 403 ` or `" 404 `. */
const ERROR_STATUS = /(?<!\\)" (?:403|404) /;

/** `log` with every 403 and 404 answer turned into 200; how many lines changed. */
export function softenErrors(log: string): { text: string; rewritten: number } {
  let rewritten = 0;
  const text = log
    .split('\n')
    .map((line) => {
      const softened = line.replace(ERROR_STATUS, '" 200 ');
      if (softened !== line) rewritten++;
      return softened;
    })
    .join('\n');
  return { text, rewritten };
}
