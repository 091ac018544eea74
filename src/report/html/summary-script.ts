// Browser code: what the run read and how long it took, as headline numbers and the details
// behind them (inputs, stage times, scope, warnings, malformed samples).

export const SUMMARY_SCRIPT = String.raw`
function renderSummary(root, a, failOn) {
  var s = a.summary, t = a.timeline;
  var span = t.length ? fmtTime(t[0].startMs) + ' – ' + fmtTime(t[t.length - 1].endMs) + ' UTC' : 'no timestamps';
  var over = failOn === null ? null : a.lines.filter(function (l) { return l.score >= failOn; }).length;
  root.appendChild(h('div', { class: 'tiles' }, [
    tile('records', fmtInt(s.records), s.files + (s.files === 1 ? ' file, ' : ' files, ') + s.format + skippedText(s.inputs)),
    tile('malformed', fmtInt(s.malformed), s.damagedFiles ? s.damagedFiles + ' damaged files' : 'lines not parsed', s.malformed > 0 || s.damagedFiles > 0),
    tile('line findings', fmtInt(a.lines.length), over === null ? fmtInt(s.outlierTexts) + ' distinct texts' : fmtInt(over) + ' over --fail-on ' + failOn, over > 0),
    tile('IPs', fmtInt(a.ips.length), 'of ' + fmtInt(s.clientIps) + ' clients'),
    tile('windows', fmtInt(a.windows.reduce(function (n, w) { return n + (w.windows || 1); }, 0)), 'of ' + fmtInt(t.length) + ' with traffic'),
    tile('run time', fmtMs(s.elapsedMs), fmtInt(s.uniqueTexts) + ' texts, ' + fmtInt(s.cachedTexts) + ' cached'),
  ]));
  var details = h('div', { class: 'details' }, [
    field('Log time', span),
    field('Stages', Object.keys(s.stageMs).map(function (k) { return k + ' ' + fmtMs(s.stageMs[k]); }).join(' · ') || '–'),
    field('Scope', scopeText(s.scope)),
    field('Inputs', s.inputs.map(function (i) {
      return i.file + ' (' + i.format + ', ' + fmtInt(i.records) + ' records' + (i.malformed ? ', ' + fmtInt(i.malformed) + ' malformed' : '') +
        (i.damaged ? ', damaged: ' + i.damaged.code : '') + (i.skipped ? ': ' + i.skipped : '') + ')';
    }), 'mono'),
    s.warnings.length ? field('Warnings', s.warnings, 'warn') : null,
    a.malformed.length ? field('Malformed', a.malformed.map(function (m) { return m.file + ':' + m.line + ' ' + m.code + ' ' + m.excerpt; }), 'mono') : null,
  ]);
  root.appendChild(details);
}

function skippedText(inputs) {
  var n = inputs.filter(function (i) { return i.skipped; }).length;
  return n ? ', ' + n + ' skipped' : '';
}

function tile(label, value, sub, alert) {
  return h('div', { class: 'tile' + (alert ? ' alert' : '') }, [
    h('div', { class: 'value', text: value }), h('div', { class: 'label', text: label }), h('div', { class: 'sub', text: sub }),
  ]);
}

function field(label, value, kind) {
  var body = Array.isArray(value)
    ? h('ul', null, value.slice(0, 20).map(function (v) { return h('li', { text: v }); }).concat(value.length > 20 ? [h('li', { class: 'muted', text: '… ' + (value.length - 20) + ' more' })] : []))
    : h('span', { text: value });
  return h('div', { class: 'field' + (kind ? ' ' + kind : '') }, [h('div', { class: 'key', text: label }), h('div', { class: 'val' }, body)]);
}

function scopeText(scope) {
  var parts = [];
  [['excluded', scope.excluded], ['allowlisted', scope.allowlisted]].forEach(function (pair) {
    Object.keys(pair[1]).forEach(function (rule) { parts.push(fmtInt(pair[1][rule]) + ' ' + pair[0] + ' by ' + rule); });
  });
  Object.keys(scope.forwarded || {}).forEach(function (rule) { parts.push(fmtInt(scope.forwarded[rule]) + ' with their client from X-Forwarded-For behind ' + rule); });
  return parts.length ? parts.join(' · ') : 'every record analysed (no --exclude or allowlist matched)';
}
`;
