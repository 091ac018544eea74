// Browser code: one card per campaign (clients grouped by the attack template they share), largest
// first, with its span, tags, reason, clients and sample requests. All text goes through h(), which
// sets textContent only.

export const CAMPAIGNS_SCRIPT = String.raw`
var CAMPAIGN_IPS = 12;

function renderCampaigns(root, campaigns) {
  if (!campaigns || campaigns.length === 0) { root.appendChild(note('No attack template is shared by several clients.')); return; }
  root.appendChild(h('div', { class: 'ip-grid' }, campaigns.map(campaignCard)));
}

function campaignCard(c) {
  var span = c.firstMs === null || c.lastMs === null ? '' : ' · ' + fmtTime(c.firstMs) + ' – ' + fmtTime(c.lastMs) + ' UTC';
  var more = c.ips.length > CAMPAIGN_IPS ? ' … and ' + fmtInt(c.ips.length - CAMPAIGN_IPS) + ' more' : '';
  return h('article', { class: 'ip-card campaign', id: 'campaign-' + c.id }, [
    h('header', null, [
      h('code', { class: 'ip', text: c.id }),
      h('span', { class: 'score', title: 'clients', text: fmtInt(c.clients) + ' clients' }),
    ]),
    h('p', { class: 'meta', text: fmtInt(c.requests) + ' requests' + span }),
    c.tags.length ? h('p', { class: 'tags' }, chips(c.tags)) : null,
    h('p', { class: 'reason', text: c.reason }),
    h('p', { class: 'meta' }, [h('code', { text: c.ips.slice(0, CAMPAIGN_IPS).join(', ') }), more]),
    h('ol', { class: 'sample' }, c.sample.map(function (text) { return h('li', null, h('code', { text: text })); })),
  ]);
}
`;
