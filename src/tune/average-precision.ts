// Average precision of a ranking: how well the scores put the positives (attacker clients) first, a
// number that does not depend on where a threshold is set. Tied scores are one step: the positives
// in a tie share the precision at its end (as scikit-learn's average_precision_score).
//
//   AP = Σ over distinct scores s, highest first: (recall at s − recall before s) · precision at s

export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>, include: (i: number) => boolean = () => true): number {
  const order = Array.from({ length: scores.length }, (_, i) => i)
    .filter(include)
    .sort((a, b) => scores[b]! - scores[a]!);
  const positives = order.reduce((sum, i) => sum + (labels[i] === 1 ? 1 : 0), 0);
  if (positives === 0) return 0;
  let ap = 0;
  let seen = 0;
  let hits = 0;
  let lastRecall = 0;
  for (let k = 0; k < order.length; k++) {
    seen++;
    hits += labels[order[k]!] === 1 ? 1 : 0;
    if (k + 1 < order.length && scores[order[k + 1]!] === scores[order[k]!]) continue;
    const recall = hits / positives;
    ap += (recall - lastRecall) * (hits / seen);
    lastRecall = recall;
  }
  return ap;
}
