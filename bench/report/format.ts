// Number formatting shared by the benchmark pages, so that every table words a ratio the same way.

export const int = (n: number): string => Math.round(n).toLocaleString('en');

export const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0));

/** Two significant digits, for numbers that are estimates: 72698 → "73,000". */
export function roughly(n: number): string {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.abs(n))) - 1);
  return int(Math.round(n / unit) * unit);
}

export const megabytes = (mb: number): string => `${mb.toFixed(0)} MB`;

/** 10000 → "10k", 1000000 → "1M". */
export function sizeLabel(lines: number): string {
  return lines >= 1e6 && lines % 1e6 === 0 ? `${lines / 1e6}M` : lines >= 1e3 && lines % 1e3 === 0 ? `${lines / 1e3}k` : int(lines);
}

/** How semlog's time compares with another tool's on the same input: "12× faster" or "2.5× slower". */
export function speedVs(semlogSeconds: number, otherSeconds: number): string {
  const ratio = otherSeconds / semlogSeconds;
  return ratio >= 1 ? `${ratioText(ratio)} faster` : `${ratioText(1 / ratio)} slower`;
}

export function ratioText(ratio: number): string {
  return `${ratio < 10 ? ratio.toFixed(1) : ratio.toFixed(0)}×`;
}
