// Browser code: how the line findings' scores are distributed, with the threshold that matters
// marked: --fail-on when the run had one, else 1.0, the edge of every cluster.

export const SCORE_HISTOGRAM_SCRIPT = String.raw`
function renderScoreHistogram(root, lines, failOn) {
  var threshold = failOn === null ? 1 : failOn;
  var label = failOn === null ? '1.0: edge of every cluster' : '--fail-on ' + fmtNum(failOn);
  if (lines.length === 0) { root.appendChild(note('No line findings.')); return; }
  var scores = lines.map(function (l) { return l.score; });
  var over = scores.filter(function (s) { return s >= threshold; }).length;
  var box = h('div', { class: 'chart', id: 'score-chart' });
  root.append(box, h('p', { class: 'caption' }, [
    h('strong', { text: fmtInt(over) }), ' of ' + fmtInt(scores.length) + ' line findings score ≥ ' + fmtNum(threshold) +
      (failOn === null ? ' (outside every cluster).' : ' and fail the run (--fail-on).'),
  ]));
  drawResponsive(box, function (width) { return histogramSvg(scores, threshold, label, width); });
}

function histogramBins(scores, threshold) {
  var lo = Math.min(minOf(scores), threshold), hi = Math.max(maxOf(scores), threshold);
  var step = niceStep((hi - lo) / 24 || 0.5);
  // Bin edges fall on the threshold, so that every bin is wholly below or wholly at/above it.
  var start = threshold - Math.ceil((threshold - lo) / step - 1e-9) * step, count = Math.max(1, Math.floor((hi - start) / step + 1e-9) + 1);
  var bins = [];
  for (var i = 0; i < count; i++) bins.push({ from: start + i * step, to: start + (i + 1) * step, n: 0 });
  scores.forEach(function (s) { bins[Math.max(0, Math.min(count - 1, Math.floor((s - start) / step + 1e-9)))].n++; });
  return bins;
}

function histogramSvg(scores, threshold, label, width) {
  var height = 240, m = { left: 44, right: 14, top: 26, bottom: 30 };
  var iw = width - m.left - m.right, ih = height - m.top - m.bottom;
  var bins = histogramBins(scores, threshold);
  var lo = bins[0].from, hi = bins[bins.length - 1].to;
  var x = function (v) { return m.left + ((v - lo) / (hi - lo)) * iw; };
  var yTicks = ticksUpTo(maxOf(bins.map(function (b) { return b.n; })), 4), yMax = yTicks[yTicks.length - 1];
  var y = function (v) { return m.top + ih - (v / yMax) * ih; };
  var chart = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'score distribution of the line findings' });
  yTicks.forEach(function (v) {
    chart.append(svg('line', { class: 'grid', x1: m.left, x2: m.left + iw, y1: y(v), y2: y(v) }),
      svg('text', { class: 'tick', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmtInt(v) }));
  });
  var digits = niceStep((hi - lo) / 24) < 1 ? 2 : 0;
  bins.forEach(function (b) {
    var left = x(b.from) + 1, barWidth = Math.max(1, x(b.to) - x(b.from) - 2);
    chart.appendChild(svg('rect', { class: 'bar' + (b.from >= threshold ? ' over' : ''), 'data-count': b.n,
      x: left, y: y(b.n), width: barWidth, height: m.top + ih - y(b.n) },
      tip(fmtInt(b.n) + ' findings with score ' + fmtNum(b.from, digits) + '–' + fmtNum(b.to, digits))));
  });
  var tickStep = niceStep((hi - lo) / Math.max(2, Math.floor(iw / 60)));
  for (var v = Math.ceil(lo / tickStep - 1e-9) * tickStep; v <= hi + 1e-9; v += tickStep) {
    chart.appendChild(svg('text', { class: 'tick', x: x(v), y: height - 10, 'text-anchor': 'middle', text: fmtNum(v) }));
  }
  var tx = x(threshold);
  chart.append(
    svg('line', { class: 'axis', x1: m.left, x2: m.left + iw, y1: m.top + ih, y2: m.top + ih }),
    svg('line', { class: 'threshold', x1: tx, x2: tx, y1: m.top - 8, y2: m.top + ih }),
    svg('text', { class: 'threshold-label', x: tx + (tx > m.left + iw * 0.6 ? -6 : 6), y: m.top - 12,
      'text-anchor': tx > m.left + iw * 0.6 ? 'end' : 'start', text: label }));
  return chart;
}
`;
