// Scores in reports: three decimals are all a reader or a threshold needs; full doubles only add noise.

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
