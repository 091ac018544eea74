// Browser code shared by the report's parts: building DOM and SVG nodes from data without ever
// parsing it as HTML, number and time formatting, axis ticks. Plain JS in a string: the page
// inlines it (see page-script.ts); String.raw keeps its backslashes as written.

export const DOM_HELPERS_SCRIPT = String.raw`
var SVG_NS = 'http://www.w3.org/2000/svg';
// Control and bidi characters from the log become visible escapes, as in the terminal report:
// an RLO override must not make a URL read differently from what was requested.
var CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
var BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
function clean(value) {
  return String(value)
    .replace(CONTROL, function (ch) { return '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0'); })
    .replace(BIDI, function (ch) { return '\\u{' + ch.charCodeAt(0).toString(16) + '}'; });
}
// Props: text (set as textContent), class, style (CSSOM, allowed by the CSP), on (listeners), and
// plain attributes, set with setAttribute, which never parses markup.
function build(node, props, children) {
  for (var key in props || {}) {
    var value = props[key];
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = clean(value);
    else if (key === 'style') Object.assign(node.style, value);
    else if (key === 'on') for (var type in value) node.addEventListener(type, value[type]);
    else node.setAttribute(key, String(value));
  }
  add(node, children);
  return node;
}
function add(node, children) {
  if (children === null || children === undefined) return node;
  (Array.isArray(children) ? children : [children]).forEach(function (child) {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(clean(child)));
  });
  return node;
}
function h(tag, props, children) { return build(document.createElement(tag), props, children); }
function svg(tag, props, children) { return build(document.createElementNS(SVG_NS, tag), props, children); }
function tip(text) { return svg('title', { text: text }); }
function note(text) { return h('p', { class: 'note', text: text }); }
function chips(tags) { return tags.map(function (tag) { return h('span', { class: 'chip', text: tag }); }); }

function fmtInt(n) { return Math.round(n).toLocaleString('en-US'); }
function fmtNum(n, digits) { return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 2 : digits }); }
function fmtPct(rate) { return fmtNum(rate * 100, rate < 0.1 ? 1 : 0) + '%'; }
function fmtMs(ms) { return ms < 1000 ? fmtInt(ms) + ' ms' : fmtNum(ms / 1000, 1) + ' s'; }
// Reports are compared across machines and time zones: times are always UTC.
function fmtTime(ms) { return new Date(ms).toISOString().slice(0, 16).replace('T', ' '); }
function maxOf(values) { var max = -Infinity; for (var i = 0; i < values.length; i++) if (values[i] > max) max = values[i]; return max; }
function minOf(values) { var min = Infinity; for (var i = 0; i < values.length; i++) if (values[i] < min) min = values[i]; return min; }

// 1, 2 or 5 times a power of ten: axis steps people can read.
function niceStep(rough) {
  if (!(rough > 0)) return 1;
  var power = Math.pow(10, Math.floor(Math.log10(rough)));
  var unit = rough / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}
function ticksUpTo(max, count) {
  var step = niceStep(max / count), ticks = [];
  for (var v = 0; v < max + step * 0.999; v += step) ticks.push(+v.toFixed(10));
  return ticks.length > 1 ? ticks : [0, step];
}
var TIME_STEPS = [60e3, 300e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];
function timeTicks(t0, t1, count) {
  var step = TIME_STEPS.find(function (s) { return (t1 - t0) / s <= count; }) || niceStep((t1 - t0) / count);
  var ticks = [];
  for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return { ticks: ticks, label: function (t) { return step >= 86400e3 ? fmtTime(t).slice(5, 10) : (t1 - t0 > 86400e3 ? fmtTime(t).slice(5) : fmtTime(t).slice(11)); } };
}
// Charts are drawn for the width they get, and again when it changes.
function drawResponsive(box, draw) {
  var width = 0;
  function redraw() {
    var next = Math.max(320, Math.floor(box.getBoundingClientRect().width));
    if (next === width) return;
    width = next;
    box.replaceChildren(draw(width));
  }
  redraw();
  var timer;
  window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(redraw, 120); });
}
`;
