// Browser code: the line findings as a table that sorts on a header click and filters by text and
// tag. Only one page of rows is in the DOM at a time, so 10,000 findings cost a sort and a filter
// over plain objects (milliseconds), never 10,000 rows of layout.

export const FINDINGS_TABLE_SCRIPT = String.raw`
var PAGE_ROWS = 100;

function ipKey(ip) {
  // Numeric order for IPv4 (9.x before 10.x); anything else sorts as text after it.
  var parts = ip.split('.');
  return parts.length === 4 && parts.every(function (p) { return /^\d{1,3}$/.test(p); })
    ? '0' + parts.map(function (p) { return p.padStart(3, '0'); }).join('.') : '1' + ip.toLowerCase();
}
function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

var COLUMNS = [
  { key: 'score', label: 'Score', desc: true, value: function (l) { return l.score; } },
  { key: 'where', label: 'File:line', value: function (l) { return l.file; }, then: function (l) { return l.line; } },
  { key: 'ip', label: 'IP', value: function (l) { return ipKey(l.ip); } },
  { key: 'text', label: 'Request', value: function (l) { return l.text; } },
  { key: 'count', label: 'Count', desc: true, value: function (l) { return l.count; } },
  { key: 'tags', label: 'Tags', value: function (l) { return l.tags.length ? l.tags.join(' ') : '\uffff'; } },
  { key: 'reasons', label: 'Reasons' },
  { key: 'nearest', label: 'Nearest normal', value: function (l) { return l.nearestNormal.length ? l.nearestNormal[0].distance : Infinity; } },
];

function renderFindingsTable(root, lines, threshold) {
  if (lines.length === 0) { root.appendChild(note('No log line was reported.')); return null; }
  var rows = lines.map(function (line, index) { return { line: line, index: index, hay: null }; });
  // No column to begin with: the report's own order (lines with attack evidence first, each group by
  // score), which no single column gives.
  var state = { column: null, direction: -1, terms: [], tag: '', page: 0 };
  var sorted = rows.slice(), view = rows;

  var filter = h('input', { type: 'search', id: 'findings-filter', placeholder: 'Filter: request, IP, file, reason… (all words)', 'aria-label': 'filter findings' });
  var tagCounts = {};
  lines.forEach(function (l) { (l.tags.length ? l.tags : ['']).forEach(function (t) { tagCounts[t] = (tagCounts[t] || 0) + 1; }); });
  var tagSelect = h('select', { id: 'findings-tag', 'aria-label': 'filter by tag' }, [h('option', { value: '', text: 'All tags' })].concat(
    Object.keys(tagCounts).sort().map(function (t) {
      return h('option', { value: t || '(none)', text: (t || 'untagged') + ' (' + fmtInt(tagCounts[t]) + ')' });
    })));
  var status = h('span', { id: 'findings-status', class: 'muted', 'aria-live': 'polite' });
  var prev = h('button', { type: 'button', text: '‹ Prev', on: { click: function () { state.page--; drawPage(); } } });
  var next = h('button', { type: 'button', text: 'Next ›', on: { click: function () { state.page++; drawPage(); } } });
  var headRow = h('tr', null, COLUMNS.map(function (c) {
    if (!c.value) return h('th', { class: 'col-' + c.key, scope: 'col', text: c.label });
    return h('th', { class: 'col-' + c.key, scope: 'col', 'data-key': c.key },
      h('button', { type: 'button', text: c.label, on: { click: function () { sortBy(c); } } }));
  }));
  var body = h('tbody');
  var table = h('table', { class: 'findings', id: 'findings-table' }, [h('thead', null, headRow), body]);
  root.append(h('div', { class: 'controls' }, [filter, tagSelect, status, h('span', { class: 'pager' }, [prev, next])]),
    h('div', { class: 'table-wrap' }, table));

  function sortBy(column) {
    state.direction = state.column === column ? -state.direction : column.desc ? -1 : 1;
    state.column = column;
    var dir = state.direction, value = column.value, then = column.then;
    // Ties keep the report's order (best first), so a sort never shuffles equal rows.
    sorted.sort(function (a, b) {
      return dir * (compare(value(a.line), value(b.line)) || (then ? compare(then(a.line), then(b.line)) : 0)) || a.index - b.index;
    });
    applyFilter();
  }
  function haystack(row) {
    var l = row.line;
    return row.hay || (row.hay = [l.text, l.ip, l.file + ':' + l.line, l.tags.join(' '), l.reasons.join(' '),
      l.nearestNormal.map(function (n) { return n.text; }).join(' ')].join('\n').toLowerCase());
  }
  function applyFilter() {
    var terms = state.terms, tag = state.tag;
    view = terms.length === 0 && tag === '' ? sorted : sorted.filter(function (row) {
      if (tag === '(none)' ? row.line.tags.length > 0 : tag !== '' && row.line.tags.indexOf(tag) < 0) return false;
      var hay = haystack(row);
      return terms.every(function (t) { return hay.indexOf(t) >= 0; });
    });
    state.page = 0;
    drawPage();
  }
  function drawPage() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE_ROWS));
    state.page = Math.max(0, Math.min(state.page, pages - 1));
    var from = state.page * PAGE_ROWS, to = Math.min(view.length, from + PAGE_ROWS);
    body.replaceChildren.apply(body, view.slice(from, to).map(function (row) { return findingRow(row.line, threshold); }));
    Array.prototype.forEach.call(headRow.children, function (th) {
      if (th.dataset.key) th.setAttribute('aria-sort', state.column !== null && th.dataset.key === state.column.key ? (state.direction < 0 ? 'descending' : 'ascending') : 'none');
    });
    status.textContent = view.length === 0 ? 'No finding matches.'
      : 'Rows ' + fmtInt(from + 1) + '–' + fmtInt(to) + ' of ' + fmtInt(view.length) + (view.length < rows.length ? ' (filtered from ' + fmtInt(rows.length) + ')' : '') +
        (pages > 1 ? ' · page ' + (state.page + 1) + ' of ' + fmtInt(pages) : '');
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }
  var pending = 0;
  filter.addEventListener('input', function () {
    // One filter per frame however fast the user types.
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      state.terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      applyFilter();
    });
  });
  tagSelect.addEventListener('change', function () { state.tag = tagSelect.value; applyFilter(); });
  drawPage();
  return function showLinesOf(ip) {
    filter.value = ip;
    state.terms = [ip.toLowerCase()];
    applyFilter();
    root.scrollIntoView({ behavior: 'smooth' });
  };
}

function findingRow(l, threshold) {
  var base = l.file.split('/').pop();
  return h('tr', l.score >= threshold ? { class: 'over' } : null, [
    h('td', { class: 'num score', text: fmtNum(l.score, 2) }),
    h('td', { class: 'where', title: clean(l.file + ':' + l.line) }, h('code', null, [h('span', { class: 'file', text: base }), h('span', { text: ':' + l.line })])),
    h('td', null, h('code', { text: l.ip })),
    h('td', { class: 'text' }, h('code', { text: l.text })),
    h('td', { class: 'num', text: fmtInt(l.count) }),
    h('td', null, chips(l.tags)),
    h('td', { class: 'reasons' }, h('ul', null, l.reasons.map(function (r) { return h('li', { text: r }); }))),
    h('td', { class: 'nearest' }, h('ul', null, l.nearestNormal.map(function (n) {
      return h('li', null, [h('span', { class: 'dist', text: n.distance.toFixed(2) }), h('code', { text: n.text })]);
    }))),
  ]);
}
`;
