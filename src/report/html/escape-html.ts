// Escaping for the few values the page's static HTML holds (the title); everything else is rendered
// by the page script from the JSON island with textContent.

const ENTITIES: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' });

/** Text made safe for an HTML text node or a double-quoted attribute value (the page uses no other quoting). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch);
}
