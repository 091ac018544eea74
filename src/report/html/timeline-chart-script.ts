// Browser code: requests per time window as bars (errors stacked in), the error rate as a line on
// its own axis, and the anomalous windows as bands behind them. Bars are placed by time, so the
// gaps of a sampled or rotated log stay visible.

export const TIMELINE_CHART_SCRIPT = String.raw`
var WINDOW_LABELS = { traffic_spike: 'traffic spike', bot_traffic: 'bot traffic', error_spike: 'error spike', latency_degradation: 'latency degradation' };

function renderTimeline(root, timeline, windows) {
  if (timeline.length === 0) { root.appendChild(note('The logs have no timestamps: there is no timeline to draw.')); return; }
  var box = h('div', { class: 'chart', id: 'timeline-chart' });
  var legend = h('div', { class: 'legend' }, [
    h('span', { class: 'key req' }, 'requests'), h('span', { class: 'key err' }, 'errors (4xx/5xx)'),
    h('span', { class: 'key rate' }, 'error rate (right axis)'), h('span', { class: 'key win' }, 'anomalous window'),
  ]);
  root.append(legend, box, windowList(windows));
  drawResponsive(box, function (width) { return timelineSvg(timeline, windows, width); });
}

// More windows than pixel columns: merge neighbours, the chart could not show them apart anyway.
function bucketTimeline(timeline, t0, t1, buckets) {
  if (timeline.length <= buckets) return timeline;
  var out = [], span = (t1 - t0) / buckets;
  timeline.forEach(function (p) {
    var i = Math.min(buckets - 1, Math.floor((p.startMs - t0) / span));
    var b = out[i] || (out[i] = { startMs: t0 + i * span, endMs: t0 + (i + 1) * span, requests: 0, errors: 0 });
    b.requests += p.requests;
    b.errors += p.requests * p.errorRate;
  });
  return out.filter(Boolean).map(function (b) { return { startMs: b.startMs, endMs: b.endMs, requests: b.requests, errorRate: b.errors / b.requests }; });
}

function timelineSvg(timeline, windows, width) {
  var height = 240, m = { left: 52, right: 48, top: 16, bottom: 30 };
  var iw = width - m.left - m.right, ih = height - m.top - m.bottom;
  var t0 = Math.min(timeline[0].startMs, minOf(windows.map(function (w) { return w.startMs; })));
  var t1 = Math.max(timeline[timeline.length - 1].endMs, maxOf(windows.map(function (w) { return w.endMs; })));
  var points = bucketTimeline(timeline, t0, t1, Math.floor(iw / 2));
  var x = function (t) { return m.left + ((t - t0) / (t1 - t0)) * iw; };
  var yTicks = ticksUpTo(maxOf(points.map(function (p) { return p.requests; })), 4), yMax = yTicks[yTicks.length - 1];
  var y = function (v) { return m.top + ih - (v / yMax) * ih; };
  var rTicks = ticksUpTo(Math.max(0.05, maxOf(points.map(function (p) { return p.errorRate; }))), 4), rMax = rTicks[rTicks.length - 1];
  var yr = function (r) { return m.top + ih - (r / rMax) * ih; };
  var chart = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'requests per time window', 'data-points': points.length });

  // One band per window, one marker per finding type: a window can be a spike and an error spike at once.
  var marks = {};
  windows.forEach(function (w) { (marks[w.startMs] = marks[w.startMs] || []).push(w); });
  Object.keys(marks).forEach(function (start) {
    var found = marks[start], left = x(found[0].startMs), bandWidth = Math.max(4, x(found[0].endMs) - left);
    var label = found.map(function (w) {
      return (WINDOW_LABELS[w.type] || w.type) + ' (z ' + fmtNum(w.score, 1) + '): ' + w.reasons.join('; ');
    }).join('\n');
    chart.appendChild(svg('rect', { class: 'band', x: left - (bandWidth === 4 ? 2 : 0), y: m.top, width: bandWidth, height: ih },
      tip(fmtSpan(found[0].startMs, found[0].endMs) + ' UTC\n' + label)));
    found.forEach(function (w, k) {
      var center = left + bandWidth / 2 + (k - (found.length - 1) / 2) * 12;
      chart.appendChild(svg('path', { class: 'band-mark ' + w.type, d: 'M' + (center - 5) + ' ' + (m.top - 9) + 'h10l-5 8z' }, tip(WINDOW_LABELS[w.type] || w.type)));
    });
  });
  yTicks.forEach(function (v) {
    chart.append(svg('line', { class: 'grid', x1: m.left, x2: m.left + iw, y1: y(v), y2: y(v) }),
      svg('text', { class: 'tick', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmtInt(v) }));
  });
  rTicks.forEach(function (r) {
    chart.appendChild(svg('text', { class: 'tick rate', x: m.left + iw + 6, y: yr(r) + 4, text: fmtPct(r) }));
  });
  var time = timeTicks(t0, t1, Math.max(2, Math.floor(iw / 110)));
  time.ticks.forEach(function (t) {
    chart.appendChild(svg('text', { class: 'tick', x: x(t), y: height - 10, 'text-anchor': 'middle', text: time.label(t) }));
  });

  var bars = svg('g', { class: 'bars' }), rate = '';
  points.forEach(function (p, i) {
    var left = x(p.startMs), barWidth = Math.max(1, (x(p.endMs) - left) * 0.82);
    var errors = p.requests * p.errorRate;
    bars.appendChild(svg('g', { class: 'bar' }, [
      svg('rect', { class: 'req', x: left, y: y(p.requests), width: barWidth, height: ih + m.top - y(p.requests) }),
      errors > 0 ? svg('rect', { class: 'err', x: left, y: y(errors), width: barWidth, height: ih + m.top - y(errors) }) : null,
      tip(fmtTime(p.startMs) + ' UTC: ' + fmtInt(p.requests) + ' requests, ' + fmtPct(p.errorRate) + ' errors' +
        (p.uniqueClients === undefined ? '' : ', ' + fmtInt(p.uniqueClients) + ' clients')),
    ]));
    // The line breaks where windows without traffic lie between two points.
    var joined = i > 0 && points[i - 1].endMs === p.startMs;
    rate += (joined ? 'L' : 'M') + (left + barWidth / 2).toFixed(1) + ' ' + yr(p.errorRate).toFixed(1);
  });
  chart.append(bars, svg('path', { class: 'rate-line', d: rate }));
  if (points.length <= 120) points.forEach(function (p) {
    chart.appendChild(svg('circle', { class: 'rate-dot', cx: x(p.startMs) + Math.max(1, (x(p.endMs) - x(p.startMs)) * 0.82) / 2, cy: yr(p.errorRate), r: 2.5 }));
  });
  chart.appendChild(svg('line', { class: 'axis', x1: m.left, x2: m.left + iw, y1: m.top + ih, y2: m.top + ih }));
  return chart;
}

// A window, or an episode of consecutive windows that may run past midnight: the end's date only when it differs.
function fmtSpan(startMs, endMs) {
  var start = fmtTime(startMs), end = fmtTime(endMs);
  return start + '–' + (end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end);
}

function windowList(windows) {
  if (windows.length === 0) return note('No time window stands out from the others.');
  return h('ul', { class: 'windows' }, windows.map(function (w) {
    return h('li', null, [
      h('span', { class: 'chip ' + w.type, text: WINDOW_LABELS[w.type] || w.type }),
      h('span', { class: 'when', text: fmtSpan(w.startMs, w.endMs) + ' UTC' }),
      h('span', { class: 'muted', text: 'z ' + fmtNum(w.score, 1) }),
      h('span', { text: w.reasons.join('; ') }),
    ]);
  }));
}
`;
