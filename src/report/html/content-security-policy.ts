// The report's Content-Security-Policy: the page may run its own inline script and style and nothing
// else, so even a log line that slipped past the escaping could neither run code nor load anything.

import { createHash } from 'node:crypto';

/** A CSP hash source (`'sha256-…'`) that allows exactly this inline script or style text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy for a page whose only code is `script` and whose only style sheet is `style`. */
export function contentSecurityPolicy(sources: { script: string; style: string }): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(sources.script)}`,
    // A hash allows the <style> element; style *attributes* stay blocked, the script sets styles
    // through the CSSOM (element.style), which CSP does not restrict.
    `style-src ${hashSource(sources.style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    // Where supported (Chromium), assigning a string to innerHTML and friends throws: the page
    // script only builds DOM nodes and sets textContent, and this makes that a guarantee.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}
