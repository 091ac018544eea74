// Browser code: the WAF audit as two lists of groups (rule, action, route), the requests the WAF let
// through that semlog reports and the ones it stopped inside normal traffic. Text only, through h().

export const WAF_AUDIT_SCRIPT = String.raw`
function renderWafAudit(root, audit) {
  if (!audit || audit.records === 0) { root.appendChild(note('No WAF action in these logs.')); return; }
  root.append(
    h('p', { class: 'muted', text: fmtInt(audit.records) + ' records carry a WAF action.' }),
    auditList('Allowed by the WAF, reported by semlog: possible gaps in its rules', audit.allowed, 'audit-allowed'),
    auditList('Blocked by the WAF inside normal traffic: possible false positives', audit.blocked, 'audit-blocked'));
}

function auditList(title, groups, id) {
  return h('div', { id: id }, [
    h('h3', { text: title + ' (' + fmtInt(groups.length) + ')' }),
    groups.length === 0 ? note('None.') : h('ul', { class: 'audit' }, groups.map(function (g) {
      return h('li', null, [
        h('p', null, [h('strong', { text: g.action + ' ' + g.rule }), ' ', h('code', { text: g.route }),
          h('span', { class: 'muted', text: ' · ' + fmtInt(g.requests) + ' requests from ' + fmtInt(g.clients) + ' clients' })]),
        h('p', { class: 'muted small', text: g.reason }),
        h('ol', { class: 'sample' }, g.sample.map(function (s) {
          return h('li', null, [h('code', { text: s.text }), h('span', { class: 'muted', text: ' ' + s.ip + ' · ' + s.file + ':' + s.line })]);
        })),
      ]);
    })),
  ]);
}
`;
