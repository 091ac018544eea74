// A string V8 keeps apart from the one it was cut from. A slice (and a substring of it) is a view that
// keeps its whole parent alive, so a short value cut from a 64 KiB log line and kept for hours keeps
// the line too. Prepending a character and cutting it off again makes V8 copy the characters into a
// new flat string first.

/** `text` copied flat: it holds no reference to the string it was sliced from. */
export function flatCopy(text: string): string {
  return (' ' + text).slice(1);
}
