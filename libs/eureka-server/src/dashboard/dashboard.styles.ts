/** The dashboard's stylesheet, served by the module itself (no CDN, no web fonts). */
export const DASHBOARD_CSS = String.raw`
:root {
  --fg: #1d2329; --muted: #56606b; --bg: #ffffff; --panel: #f5f7f9; --line: #d9dee3;
  --brand: #1f4d3a; --brand-fg: #ffffff; --link: #0b5cad; --danger: #b3261e; --danger-bg: #fdecea;
  --warn-bg: #fff4e5; --ok: #1e6b34; --focus: #f0b400;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip-link { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.topbar { background: var(--brand); color: var(--brand-fg); }
.topbar-inner {
  max-width: 1280px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem;
  align-items: center;
}
.brand { color: var(--brand-fg); font-weight: 700; font-size: 1.15rem; text-decoration: none; display: flex; gap: .5rem; align-items: center; }
.brand img { width: 26px; height: 26px; }
.topnav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.topnav a { color: var(--brand-fg); text-decoration: none; padding: .2rem 0; border-bottom: 2px solid transparent; }
.topnav a:hover, .topnav a[aria-current="page"] { border-bottom-color: var(--brand-fg); }
main { max-width: 1280px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 1.8rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; color: var(--muted); font-size: .9rem; }
button, .button {
  font: inherit; padding: .35rem .8rem; border: 1px solid #8a949e; border-radius: 4px; background: #fff; color: var(--fg);
  cursor: pointer; text-decoration: none; display: inline-block;
}
button:hover, .button:hover { background: var(--panel); }
button.danger { border-color: var(--danger); color: var(--danger); }
button.danger:hover { background: var(--danger-bg); }
button.primary-danger { background: var(--danger); border-color: var(--danger); color: #fff; }
button[disabled] { opacity: .55; cursor: not-allowed; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 1.5rem; align-items: start; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
.table-wrap { overflow-x: auto; }
.nowrap { white-space: nowrap; }
.error-text { overflow-wrap: anywhere; min-width: 14rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.kv th { width: 40%; font-weight: 500; color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: break-word; }
.banner {
  border: 2px solid var(--danger); background: var(--danger-bg); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0;
}
.banner-headline { color: var(--danger); font-weight: 700; margin: 0 0 .4rem; font-size: 1.02rem; }
.banner p { margin: .3rem 0; }
.banner ul { margin: .3rem 0 0 1.2rem; padding: 0; }
.notice { border-left: 4px solid var(--ok); background: #eaf5ec; padding: .5rem .8rem; margin: .8rem 0; }
.notice-error { border-left-color: var(--danger); background: var(--danger-bg); }
.notice-warn { border-left: 4px solid #b26a00; background: var(--warn-bg); padding: .5rem .8rem; margin: .8rem 0; }
.filter {
  display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: .7rem .9rem; margin: .6rem 0 .8rem;
}
.filter .field { display: flex; flex-direction: column; gap: .2rem; }
.filter label { font-size: .85rem; color: var(--muted); }
.filter input, .filter select { font: inherit; padding: .3rem .5rem; border: 1px solid #8a949e; border-radius: 4px; min-width: 12rem; }
.summary { color: var(--muted); margin: .3rem 0 .6rem; }
.status-group { margin: .15rem 0; }
.status-name { font-weight: 700; }
.not-up .status-name, .not-up .status-count { color: var(--danger); font-size: 1.08em; }
.instance-ref { white-space: nowrap; }
.details-link { font-size: .8rem; margin-left: .15rem; }
.expired { color: var(--danger); font-size: .8rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
.badge-ok { color: var(--ok); }
.badge-bad { color: var(--danger); }
.status-UP { color: var(--ok); }
.status-DOWN, .status-OUT_OF_SERVICE, .status-UNKNOWN, .status-STARTING { color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; }
.actions form { margin: 0; }
dialog { border: 1px solid var(--line); border-radius: 8px; padding: 1.2rem; max-width: min(34rem, 92vw); }
dialog::backdrop { background: rgba(0, 0, 0, .45); }
dialog h2 { margin-top: 0; border: 0; }
.dialog-buttons { display: flex; gap: .8rem; justify-content: flex-end; margin-top: 1rem; }
footer { max-width: 1280px; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 720px) {
  body { font-size: 14px; }
  main { padding: .6rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack th { display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .6rem; padding: .3rem .2rem; }
  table.stack td, table.stack tbody th { border: 0; padding: .2rem .5rem; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
  .filter input, .filter select { min-width: 0; width: 100%; }
  .filter .field { flex: 1 1 100%; }
  th, td { overflow-wrap: anywhere; }
  table.stack td.num { text-align: left; }
  .nowrap { white-space: normal; }
  .error-text { min-width: 0; }
  .instance-ref { white-space: normal; }
}
`;
