// Browser code: the categorical anomalies (new or rare values, unusual client mixes, shifts of a
// value's share in a window) as one list, best first, each with its values and reasons. Text only, through h().

export const CATEGORIES_SCRIPT = String.raw`
var CATEGORY_LABELS = { new_value: 'new value', rare_value: 'rare value', client_mix: 'client mix', share_shift: 'share shift' };

function renderCategories(root, categories) {
  if (!categories || categories.length === 0) { root.appendChild(note('No categorical value (method, status, country, WAF action or rule, edge result, target status) is new, rare or shifted.')); return; }
  root.appendChild(h('ul', { class: 'audit categories' }, categories.map(function (c) {
    var where = c.ip !== null ? 'client ' + c.ip
      : c.startMs !== null ? fmtTime(c.startMs) + (c.endMs !== null && c.endMs !== c.startMs ? ' – ' + fmtTime(c.endMs) : '') + ' UTC' : '';
    return h('li', { 'data-type': c.type }, [
      h('p', null, [h('strong', { text: (CATEGORY_LABELS[c.type] || c.type) + ' ' }),
        h('code', { text: c.values.map(function (v) { return v.field + '=' + v.value; }).join(', ') }),
        h('span', { class: 'muted', text: ' · ' + c.score.toFixed(1) + ' bits' + (where ? ' · ' + where : '') })]),
      h('ul', { class: 'sample' }, c.reasons.map(function (r) { return h('li', { text: r }); })),
      c.clients.length || c.first ? h('p', { class: 'muted small', text: (c.clients.length ? 'clients: ' + c.clients.join(', ') : '') +
        (c.first ? (c.clients.length ? ' · ' : '') + 'first: ' + c.first.file + ':' + c.first.line : '') }) : null,
    ]);
  })));
}
`;
