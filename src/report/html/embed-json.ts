// Serializes the report's data for a `<script type="application/json">` island. Log lines are written
// by attackers, so no string in them may end the element or change how the HTML parser reads it.

// `<` stops `</script>` and `<!--` (which would switch the parser into the script-data-escaped state);
// `>` and `&` are escaped too so that the island holds no markup-significant character at all.
// U+2028/U+2029 are valid in JSON but were line terminators in JavaScript before ES2019.
const UNSAFE = /[<>&\u2028\u2029]/g;

/** JSON text that is safe inside a script element and parses back (JSON.parse) to exactly `value`. */
export function embedJson(value: unknown): string {
  // These characters never occur in JSON's own syntax, only inside strings, where \uXXXX is equivalent.
  return JSON.stringify(value).replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
