// Growing the typed arrays that hold one entry per record or per text: a copy twice as long, with the
// old entries in front. Used wherever such an array fills up (occurrences, text counts, probe pairs).

type GrowableArray = Uint32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** A new array of the same kind and twice the length, starting with `old`'s entries. */
export function doubled<T extends GrowableArray>(old: T): T {
  const next = new (old.constructor as new (length: number) => T)(old.length * 2);
  next.set(old as never);
  return next;
}
