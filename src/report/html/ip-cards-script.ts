// Browser code: one card per reported client IP, best first, with a bar per fired feature
// (its z-score against the other clients), the reasons, and what it requested and claimed to be.

import { ATTACK_LABELS } from '../../clients/client-rank.js';

export const IP_CARDS_SCRIPT = String.raw`
var ATTACK_LABELS = ${JSON.stringify(ATTACK_LABELS)};
var Z_CAP = 12;   // bars saturate here: at 12σ the exact length no longer tells anything
var Z_FIRES = 3;  // the structured detector's threshold (docs/structured-detector.md)
var IPS_SHOWN = 8;

function renderIpCards(root, ips, showLinesOf) {
  if (ips.length === 0) { root.appendChild(note('No client IP stands out.')); return; }
  var grid = h('div', { class: 'ip-grid' });
  var shown = Math.min(IPS_SHOWN, ips.length);
  var more = h('button', { type: 'button', class: 'more', on: { click: function () { shown = ips.length; draw(); } } });
  var calmFrom = attackGroupEnd(ips);
  function draw() {
    var cards = [];
    ips.slice(0, shown).forEach(function (ip, rank) {
      if (rank === calmFrom) cards.push(h('p', { class: 'group-divider', text: 'Clients without attack behaviour (not hostile, hammering or a form bot), by score' }));
      cards.push(ipCard(ip, showLinesOf));
    });
    grid.replaceChildren.apply(grid, cards);
    more.textContent = 'Show all ' + fmtInt(ips.length) + ' IPs';
    more.hidden = shown >= ips.length;
  }
  draw();
  root.append(grid, more);
}

// Where the ranking's second group starts: hostile, hammering and form-bot clients come first, each group by
// score (clients/client-rank.ts), so a lower score can stand above a higher one. -1 when the list is
// one group, or not grouped (a learned client model's order).
function attackGroupEnd(ips) {
  function attacks(ip) { return (ip.labels || []).some(function (l) { return ATTACK_LABELS.indexOf(l) >= 0; }); }
  var first = ips.findIndex(function (ip) { return !attacks(ip); });
  if (first <= 0) return -1;
  return ips.slice(first).some(attacks) ? -1 : first;
}

function ipCard(ip, showLinesOf) {
  var tags = Object.keys(ip.tags).map(function (tag) { return tag + ' ×' + ip.tags[tag]; });
  return h('article', { class: 'ip-card' }, [
    h('header', null, [
      h('code', { class: 'ip', text: ip.ip }),
      h('span', { class: 'score', title: 'IP score (hostile, hammering and form-bot clients are ranked first, each group by score)', text: fmtNum(ip.score, 1) }),
    ]),
    // What the client is (hostile, hammering, form-bot, agent-rotation, crawler, …), before what it did; older reports have no labels.
    ip.labels && ip.labels.length ? h('p', { class: 'labels' }, ip.labels.map(function (label) { return h('span', { class: 'chip label', text: label }); })) : null,
    h('p', { class: 'meta' }, [
      fmtInt(ip.requests) + ' requests · ' + fmtInt(ip.flaggedLines) + ' flagged lines ',
      ip.flaggedLines > 0 ? h('button', { type: 'button', class: 'link', on: { click: function () { showLinesOf(ip.ip); } }, text: 'show them' }) : null,
    ]),
    tags.length ? h('p', { class: 'tags' }, chips(tags)) : null,
    ip.fired.length
      ? h('div', { class: 'zbars' }, ip.fired.map(function (f) { return zBar(f, ip.features[f], ip.z[f] || 0); }))
      : h('p', { class: 'muted small', text: 'No per-client feature fired: reported for its lines.' }),
    h('ul', { class: 'reasons' }, ip.reasons.map(function (r) { return h('li', { text: r }); })),
    topList('Top paths', ip.topUris),
    topList('Top user agents', ip.topUserAgents, '(no user agent)'),
  ]);
}

function zBar(feature, value, z) {
  var fill = h('span', { class: 'fill', style: { width: (Math.min(Math.abs(z), Z_CAP) / Z_CAP) * 100 + '%' } });
  var mark = h('span', { class: 'mark', style: { left: (Z_FIRES / Z_CAP) * 100 + '%' } });
  return h('div', { class: 'zbar', title: feature + ' = ' + fmtNum(value, 3) + ', z = ' + fmtNum(z, 2) + ' (fires above ' + Z_FIRES + ')' }, [
    h('span', { class: 'name', text: feature }),
    h('span', { class: 'track' }, [fill, mark]),
    h('span', { class: 'z', text: (z >= Z_CAP ? '≥' : '') + fmtNum(Math.min(z, Z_CAP), 1) + 'σ' }),
  ]);
}

function topList(title, entries, emptyText) {
  if (!entries.length) return null;
  return h('div', { class: 'top' }, [
    h('h4', { text: title }),
    h('ol', null, entries.slice(0, 3).map(function (e) {
      return h('li', { title: clean(e[0]) }, [h('span', { class: 'n', text: fmtInt(e[1]) }), e[0] === '' && emptyText ? h('em', { text: emptyText }) : h('code', { text: e[0] })]);
    })),
  ]);
}
`;
