// The report page's one style sheet (allowed by its hash in the CSP). System fonts only: the page
// loads nothing. Colours are variables so that a dark system theme gets a dark report.

export const PAGE_STYLE = String.raw`
:root {
  --bg: #f4f6f9; --card: #fff; --ink: #1c2430; --muted: #627084; --line: #e2e6ec; --soft: #eef1f5;
  --req: #4a78d4; --err: #e4683f; --rate: #b2361b; --alert: #d23c4e; --over: #e0566a; --under: #9fb3d9;
  --traffic_spike: #8b5cf6; --bot_traffic: #0f9d9a; --error_spike: #e4683f; --latency_degradation: #d18a00;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12161c; --card: #1b2129; --ink: #e4e8ee; --muted: #97a3b4; --line: #2c3440; --soft: #232a34;
    --req: #6f96e6; --under: #4d6390; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif; }
code { font-family: var(--mono); font-size: 12.5px; }
header.top, main { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header.top { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; padding-top: 22px; padding-bottom: 6px; }
h1 { font-size: 22px; margin: 0; letter-spacing: -0.01em; }
h1 .brand { color: var(--req); }
h2 { font-size: 15px; margin: 0 0 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
h4 { margin: 8px 0 2px; font-size: 11.5px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 14px 0; min-width: 0; }
.row { display: grid; grid-template-columns: minmax(0, 1.7fr) minmax(0, 1fr); gap: 14px; }
.row > section { margin: 0; }
@media (max-width: 900px) { .row { grid-template-columns: 1fr; } }
.muted, .note, .caption { color: var(--muted); }
.small { font-size: 12.5px; }
.note { margin: 4px 0; }
.caption { margin: 6px 0 0; font-size: 13px; }
.tiles { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; }
@media (max-width: 900px) { .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
.tile { background: var(--soft); border-radius: 8px; padding: 10px 12px; }
.tile .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile .label { font-weight: 600; }
.tile .sub { color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.tile.alert .value { color: var(--alert); }
.details { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4px 24px; margin-top: 12px; font-size: 13px; }
.field { display: flex; gap: 10px; min-width: 0; }
.field .key { flex: 0 0 72px; color: var(--muted); white-space: nowrap; }
.field .val { min-width: 0; overflow-wrap: anywhere; }
.field ul { margin: 0; padding: 0; list-style: none; }
.field.mono .val { font-family: var(--mono); font-size: 12px; }
.field.warn .val { color: var(--latency_degradation); }
.chart svg { display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12.5px; color: var(--muted); margin: -4px 0 6px; }
.key::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.key.req::before { background: var(--req); } .key.err::before { background: var(--err); }
.key.rate::before { height: 2px; vertical-align: 3px; background: var(--rate); }
.key.win::before { background: var(--alert); opacity: 0.3; }
.grid { stroke: var(--line); } .axis { stroke: var(--muted); }
.tick { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; } .tick.rate { fill: var(--rate); }
.bar .req { fill: var(--req); } .bar .err { fill: var(--err); }
.bar:hover rect, rect.bar:hover { opacity: 0.8; }
.rate-line { fill: none; stroke: var(--rate); stroke-width: 1.5; } .rate-dot { fill: var(--rate); }
.band { fill: var(--alert); opacity: 0.12; }
.band-mark.traffic_spike { fill: var(--traffic_spike); } .band-mark.bot_traffic { fill: var(--bot_traffic); }
.band-mark.error_spike { fill: var(--error_spike); } .band-mark.latency_degradation { fill: var(--latency_degradation); }
rect.bar { fill: var(--under); } rect.bar.over { fill: var(--over); }
.threshold { stroke: var(--alert); stroke-width: 1.5; stroke-dasharray: 4 3; }
.threshold-label { fill: var(--alert); font-size: 11.5px; font-weight: 600; }
.windows { list-style: none; margin: 10px 0 0; padding: 0; font-size: 13px; }
.windows li { display: flex; gap: 10px; align-items: baseline; padding: 3px 0; border-top: 1px solid var(--line); }
.windows .chip { flex: 0 0 auto; }
.windows .when, .windows .muted { font-variant-numeric: tabular-nums; white-space: nowrap; }
.chip { display: inline-block; max-width: 100%; overflow: hidden; text-overflow: ellipsis; vertical-align: top; padding: 0 7px; margin: 1px 3px 1px 0; border-radius: 9px; font-size: 11.5px; line-height: 18px; white-space: nowrap;
  background: var(--soft); border: 1px solid var(--line); }
.chip.label { background: #fde8e8; color: #8a1c1c; font-weight: 600; }
.ip-card .labels { margin: 0.2em 0; }
.chip.traffic_spike, .chip.bot_traffic, .chip.error_spike, .chip.latency_degradation { color: #fff; border: 0; }
.chip.traffic_spike { background: var(--traffic_spike); } .chip.bot_traffic { background: var(--bot_traffic); }
.chip.error_spike { background: var(--error_spike); } .chip.latency_degradation { background: var(--latency_degradation); }
.ip-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); gap: 12px; }
.ip-grid .group-divider { grid-column: 1 / -1; margin: 4px 0 0; padding-top: 6px; border-top: 1px solid var(--line); color: var(--muted); }
.ip-card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; font-size: 13px; }
.ip-card header { display: flex; justify-content: space-between; align-items: baseline; }
.ip-card .ip { font-size: 14px; font-weight: 600; }
.ip-card .score { font-weight: 650; color: var(--alert); font-variant-numeric: tabular-nums; }
.ip-card .meta, .ip-card .tags { margin: 2px 0; color: var(--muted); }
.zbars { margin: 6px 0; }
.zbar { display: grid; grid-template-columns: 130px 1fr 46px; gap: 8px; align-items: center; font-size: 12px; }
.zbar .name { font-family: var(--mono); font-size: 11.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.zbar .track { position: relative; height: 8px; background: var(--soft); border-radius: 4px; }
.zbar .fill { position: absolute; left: 0; top: 0; bottom: 0; background: var(--alert); border-radius: 4px; }
.zbar .mark { position: absolute; top: -2px; bottom: -2px; width: 1px; background: var(--muted); }
.zbar .z { text-align: right; font-variant-numeric: tabular-nums; }
.reasons { margin: 4px 0; padding-left: 16px; }
.campaign .reason { margin: 4px 0; } .sample { margin: 4px 0; padding-left: 18px; font-size: 12px; overflow-wrap: anywhere; }
.audit { padding-left: 16px; } .audit p { margin: 2px 0; }
.top ol { list-style: none; margin: 0; padding: 0; }
.top li { display: flex; gap: 6px; white-space: nowrap; overflow: hidden; }
.top li code { overflow: hidden; text-overflow: ellipsis; }
.top .n { flex: 0 0 auto; min-width: 22px; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
button { font: inherit; color: inherit; }
button.more, .pager button { margin-top: 10px; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); cursor: pointer; }
button.link { border: 0; background: none; padding: 0; color: var(--req); cursor: pointer; text-decoration: underline; }
button:disabled { opacity: 0.45; cursor: default; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; }
.controls input, .controls select { font: inherit; padding: 5px 9px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--ink); }
.controls input { flex: 0 1 420px; }
.pager { margin-left: auto; display: flex; gap: 6px; } .pager button { margin: 0; }
.table-wrap { overflow-x: auto; }
table.findings { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 12.5px; }
.findings th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); padding: 4px 6px; white-space: nowrap; }
.findings th button { border: 0; background: none; padding: 0; font-weight: 600; color: inherit; cursor: pointer; }
.findings th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--ink); }
.findings th[aria-sort="descending"] button::after { content: " ▼"; color: var(--ink); }
.findings td { vertical-align: top; padding: 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.findings tr:hover td { background: var(--soft); }
.findings .num { text-align: right; font-variant-numeric: tabular-nums; }
.findings td.score { font-weight: 650; }
.findings tr.over td.score { color: var(--alert); }
.findings ul { margin: 0; padding: 0; list-style: none; }
.findings .reasons li + li, .findings .nearest li + li { margin-top: 2px; }
.findings .reasons { color: var(--muted); font-size: 12px; line-height: 1.35; }
.findings .nearest li { display: flex; gap: 6px; }
.findings .dist { flex: 0 0 auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.findings .where code { display: flex; white-space: nowrap; } .findings .where .file { overflow: hidden; text-overflow: ellipsis; }
.col-score { width: 62px; } .col-where { width: 12%; } .col-ip { width: 118px; } .col-text { width: 23%; } .col-count { width: 62px; }
.col-tags { width: 11%; } .col-reasons { width: 24%; } .col-nearest { width: 21%; }
`;
