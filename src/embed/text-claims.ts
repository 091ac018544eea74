// Who embeds a text that several processes miss in a shared embedding cache at the same time. The map
// jobs of a distributed scan read files of one site, which repeat the same requests: on a cold cache,
// every worker would embed the site's common texts at once, and all but one of those vectors are wasted
// work. A process claims the texts it misses before embedding them, and leaves the ones another
// process claimed first. A claim only saves work: a text nobody stored in the end is embedded by the
// reduce, so a lost claim costs time, never a wrong or missing vector.

export interface TextClaims {
  /** For each text, whether this process embeds it: true when it claimed it now or had claimed it before. */
  claim(texts: readonly string[]): Promise<boolean[]>;
}
