import { INSTANCE_STATUSES } from '@nest-eureka/protocol';
import { DASHBOARD_ASSETS } from './dashboard.assets';
import {
  ACTIONS_OPEN_NOTICE,
  ACTION_TEXTS,
  INSTANCE_NOT_FOUND,
  NO_INSTANCES,
  NO_MATCH,
  NOTICES,
} from './dashboard.messages';
import { DASHBOARD_ACTIONS, DashboardActionName, DashboardLinks } from './dashboard-path';
import {
  ApplicationRow,
  Banner,
  InstanceView,
  LastnView,
  NO_ZONE,
  NOT_UP,
  NameValue,
  OverviewView,
  ReplicaRow,
  TimeValue,
  isFiltering,
} from './dashboard.view';
import { formatAge, formatServerTime } from './format';
import { SafeHtml, html, httpUrlOrUndefined } from './html';

/** Server-rendered pages. Every value goes through `html\`\``, which escapes it. */

type Current = 'home' | 'lastn' | 'instance' | 'none';

export interface PageFrame {
  links: DashboardLinks;
  /** Auto-refresh period in seconds, 0 = off. */
  refreshSeconds: number;
  /** True when no authentication protects the actions: the pages warn about it. */
  actionsOpen: boolean;
}

function openActionsNotice(frame: PageFrame): SafeHtml | string {
  return frame.actionsOpen ? html`<p class="notice-warn">${ACTIONS_OPEN_NOTICE}</p>` : '';
}

function asset(links: DashboardLinks, name: string): string {
  return links.asset(name, DASHBOARD_ASSETS[name].version);
}

function layout(frame: PageFrame, title: string, current: Current, content: SafeHtml, withDialog = false): string {
  const { links } = frame;
  const navLink = (href: string, label: string, which: Current) =>
    html`<li><a href="${href}"${current === which ? html` aria-current="page"` : ''}>${label}</a></li>`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${asset(links, 'logo.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${asset(links, 'dashboard.css')}">
<script src="${asset(links, 'dashboard.js')}" defer></script>
</head>
<body data-refresh="${frame.refreshSeconds}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
<div class="topbar-inner">
<a class="brand" href="${links.home()}"><img src="${asset(links, 'logo.svg')}" alt="">Eureka</a>
<nav class="topnav" aria-label="Dashboard">
<ul>
${navLink(links.home(), 'Home', 'home')}
${navLink(links.lastn(), 'Last 1000 since startup', 'lastn')}
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
${content}
</main>
<footer>nest-eureka registry dashboard. Data is computed from the registry on every request.</footer>
${withDialog ? confirmDialog(frame) : ''}
</body>
</html>
`;
  return page.value;
}

function confirmDialog(frame: PageFrame): SafeHtml {
  return html`<dialog id="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-consequence">
<form method="dialog">
<h2 id="confirm-title">Confirm</h2>
<p id="confirm-consequence"></p>
${openActionsNotice(frame)}
<div class="dialog-buttons">
<button type="submit" value="cancel" autofocus>Cancel</button>
<button type="submit" value="confirm" id="confirm-ok" class="primary-danger">Confirm</button>
</div>
</form>
</dialog>`;
}

function toolbar(generatedAt: number, jsonHref: string): SafeHtml {
  return html`<div class="toolbar">
<span id="refresh-state">Generated ${formatServerTime(generatedAt)}</span>
<button type="button" id="refresh-toggle" aria-pressed="true" hidden>Auto-refresh: on</button>
<button type="button" id="refresh-now" hidden>Refresh now</button>
<a href="${jsonHref}">This page as JSON</a>
</div>
<p id="announcer" class="sr-only" aria-live="polite"></p>`;
}

function kvTable(rows: NameValue[], caption?: string, extraClass = ''): SafeHtml {
  return html`<table class="kv ${extraClass}">${caption ? html`<caption>${caption}</caption>` : ''}
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.name}</th><td>${r.value}</td></tr>`)}</tbody>
</table>`;
}

function noticeFor(notice: string | undefined): SafeHtml {
  const text = notice ? NOTICES[notice] : undefined;
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

// ---- home ---------------------------------------------------------------------------------------

function bannerSection(banner: Banner | null): SafeHtml {
  if (!banner) return html``;
  return html`<section class="banner" data-banner="${banner.kind}" aria-labelledby="banner-title">
<h2 id="banner-title" class="sr-only">Warning</h2>
<p class="banner-headline">${banner.headline}</p>
<p><strong>Why:</strong> ${banner.why}</p>
<p><strong>What to do:</strong></p>
<ul>${banner.what.map((w) => html`<li>${w}</li>`)}</ul>
</section>`;
}

function replicasSection(replicas: ReplicaRow[], now: number): SafeHtml {
  const body =
    replicas.length === 0
      ? html`<p>No peers: this server runs standalone (set <code>EUREKA_CLIENT_SERVICE_URL_DEFAULT_ZONE</code> to list peers).</p>`
      : html`<div class="table-wrap"><table class="stack" id="replicas">
<thead><tr><th scope="col">Replica</th><th scope="col">Service URL</th><th scope="col">Reachable</th><th scope="col" class="num">Backlog</th><th scope="col" class="num">In flight</th><th scope="col" class="num">Dropped</th><th scope="col" class="num">Failed</th><th scope="col">Last success</th><th scope="col">Last error</th></tr></thead>
<tbody>${replicas.map(
          (r) => html`<tr>
<th scope="row"><a href="${r.url}">${r.host}</a></th>
<td data-label="Service URL" class="mono nowrap">${r.url}</td>
<td data-label="Reachable">${r.reachable ? html`<span class="badge badge-ok">reachable</span>` : html`<span class="badge badge-bad">unreachable</span>`}</td>
<td data-label="Backlog" class="num">${r.queued}</td>
<td data-label="In flight" class="num">${r.inFlight}</td>
<td data-label="Dropped" class="num">${r.dropped + r.expired}</td>
<td data-label="Failed" class="num">${r.failed}</td>
<td data-label="Last success">${r.lastSuccessAt ? formatAge(r.lastSuccessAt, now) : 'never'}</td>
<td data-label="Last error" class="error-text">${r.lastError ?? ''}</td>
</tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="h-replicas">
<h2 id="h-replicas">DS Replicas</h2>
${body}
</section>`;
}

function zoneLabel(zone: string): string {
  return zone === '' ? '(no zone)' : zone;
}

function applicationRow(app: ApplicationRow, links: DashboardLinks): SafeHtml {
  const counted = (entries: { name: string; count: number }[], label: (n: string) => string) =>
    entries.map((e, i) => html`<b>${label(e.name)}</b> (${e.count})${i < entries.length - 1 ? ', ' : ''}`);
  const groups = app.groups.map(
    (g) => html`<div class="status-group${g.notUp ? ' not-up' : ''}"><span class="status-name">${g.status}</span> <span class="status-count">(${g.count})</span> - ${g.instances.map(
      (ref, i) => html`<span class="instance-ref">${
        ref.statusPageUrl
          ? html`<a href="${ref.statusPageUrl}" target="_blank" rel="noopener noreferrer" data-key="${`status:${app.name}/${ref.id}`}">${ref.id}</a>`
          : html`<span class="mono">${ref.id}</span>`
      } <a class="details-link" href="${links.instance(app.name, ref.id)}" data-key="${`details:${app.name}/${ref.id}`}" aria-label="${`Details of ${ref.id}`}">details</a>${
        ref.leaseExpired ? html` <span class="expired">(lease expired)</span>` : ''
      }</span>${i < g.instances.length - 1 ? ', ' : ''}`,
    )}${g.instances.length < g.count ? html` <span class="summary">and ${g.count - g.instances.length} more</span>` : ''}</div>`,
  );
  return html`<tr>
<th scope="row"><b>${app.name}</b></th>
<td data-label="AMIs">${counted(app.amis, (n) => n)}</td>
<td data-label="Availability Zones">${counted(app.zones, zoneLabel)}</td>
<td data-label="Status">${groups}</td>
</tr>`;
}

function instancesRegion(view: OverviewView, links: DashboardLinks): SafeHtml {
  const t = view.totals;
  const statusSummary = INSTANCE_STATUSES.filter((s) => t.byStatus[s] > 0).map((s) => `${s} ${t.byStatus[s]}`).join(', ');
  const filtering = isFiltering(view.filter);
  const summary = html`<p class="summary" id="instances-summary">${t.applications} application(s), ${t.instances} instance(s)${
    statusSummary ? ` (${statusSummary})` : ''
  }${filtering ? `; ${t.matchingInstances} instance(s) in ${t.matchingApplications} application(s) match the filter` : ''}.</p>`;
  const emptyText = t.instances === 0 ? NO_INSTANCES : NO_MATCH;
  const rows =
    view.applications.length === 0
      ? html`<tr><td colspan="4">${emptyText}</td></tr>`
      : view.applications.map((a) => applicationRow(a, links));
  return html`<div id="live-instances" data-live>
${summary}
${t.truncated ? html`<p class="notice-warn">Listing the first ${t.listedInstances} of ${t.matchingInstances} matching instances: narrow the filter, or add <code>limit=</code> to the address (at most 10000).</p>` : ''}
<div class="table-wrap"><table class="stack" id="instances">
<caption class="sr-only">Applications with their AMIs, availability zones and instances by status</caption>
<thead><tr><th scope="col">Application</th><th scope="col">AMIs</th><th scope="col">Availability Zones</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</div>`;
}

function filterForm(view: OverviewView, links: DashboardLinks, refreshParam: string | undefined): SafeHtml {
  const f = view.filter;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const zones = [...view.zones];
  if (f.zone !== '' && f.zone !== NO_ZONE && !zones.includes(f.zone)) zones.push(f.zone);
  return html`<form id="filter" class="filter" role="search" method="get" action="${links.home()}" aria-label="Filter instances">
<div class="field"><label for="filter-q">Search</label>
<input type="search" id="filter-q" name="q" value="${f.q}" placeholder="application, instance id, host or IP" autocomplete="off"></div>
<div class="field"><label for="filter-status">Status</label>
<select id="filter-status" name="status">
${option('', 'Any status', f.status === '')}
${option(NOT_UP, 'Not UP', f.status === NOT_UP)}
${INSTANCE_STATUSES.map((s) => option(s, s, f.status === s))}
</select></div>
<div class="field"><label for="filter-zone">Zone</label>
<select id="filter-zone" name="zone">
${option('', 'Any zone', f.zone === '')}
${zones.map((z) => (z === '' ? option(NO_ZONE, '(no zone)', f.zone === NO_ZONE) : option(z, z, f.zone === z)))}
</select></div>
${refreshParam !== undefined ? html`<input type="hidden" name="refresh" value="${refreshParam}">` : ''}
<button type="submit">Filter</button>
<a id="filter-reset" class="button" href="${links.home(refreshParam !== undefined ? { refresh: refreshParam } : undefined)}">Clear</a>
</form>`;
}

export function renderHome(
  view: OverviewView,
  frame: PageFrame,
  extra: { notice?: string; refreshParam?: string; jsonHref: string },
): string {
  const { links } = frame;
  const s = view.system;
  const content = html`<h1>Eureka registry</h1>
${toolbar(view.generatedAt, extra.jsonHref)}
${noticeFor(extra.notice)}
<div id="live-status" data-live>
<section aria-labelledby="h-system">
<h2 id="h-system">System Status</h2>
<div class="grid-2">
${kvTable([
  { name: 'Environment', value: s.environment },
  { name: 'Data center', value: s.datacenter },
])}
${kvTable([
  { name: 'Current time', value: s.currentTime },
  { name: 'Uptime', value: s.uptime },
  { name: 'Lease expiration enabled', value: String(s.leaseExpirationEnabled) },
  { name: 'Renews threshold', value: String(s.renewsThreshold) },
  { name: s.renewsWindowSeconds >= 60 ? 'Renews (last min)' : `Renews per min (last ${s.renewsWindowSeconds} s)`, value: String(s.renewsLastMin) },
])}
</div>
</section>
${bannerSection(view.banner)}
${replicasSection(view.replicas, view.generatedAt)}
</div>
<section aria-labelledby="h-instances">
<h2 id="h-instances">Instances currently registered with Eureka</h2>
${filterForm(view, links, extra.refreshParam)}
${instancesRegion(view, links)}
</section>
<div id="live-info" data-live>
<section aria-labelledby="h-general">
<h2 id="h-general">General Info</h2>
<table class="kv" id="general-info"><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
<tbody>${view.generalInfo.map((r) => html`<tr><th scope="row">${r.name}</th><td>${r.value}</td></tr>`)}</tbody></table>
</section>
<section aria-labelledby="h-instance-info">
<h2 id="h-instance-info">Instance Info</h2>
<table class="kv" id="instance-info"><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
<tbody>${view.instanceInfo.map((r) => html`<tr><th scope="row">${r.name}</th><td>${r.value}</td></tr>`)}</tbody></table>
</section>
</div>`;
  return layout(frame, 'Eureka', 'home', content);
}

// ---- last n -------------------------------------------------------------------------------------

export function renderLastn(view: LastnView, frame: PageFrame): string {
  const table = (id: string, title: string, entries: LastnView['cancelled'], empty: string) => html`<section aria-labelledby="h-${id}">
<h2 id="h-${id}">${title}</h2>
<table id="${id}" class="stack">
<thead><tr><th scope="col">Timestamp</th><th scope="col">Lease</th></tr></thead>
<tbody>${
    entries.length === 0
      ? html`<tr><td colspan="2">${empty}</td></tr>`
      : entries.map((e) => html`<tr><td data-label="Timestamp">${e.time}</td><td data-label="Lease" class="mono">${e.lease}</td></tr>`)
  }</tbody>
</table>
</section>`;
  const content = html`<h1>Last 1000 since startup</h1>
${toolbar(view.generatedAt, frame.links.lastnJson())}
<div id="live-lastn" data-live>
${table('cancelled', 'Last 1000 cancelled leases', view.cancelled, 'No cancelled leases')}
${table('registered', 'Last 1000 newly registered leases', view.registered, 'No registered leases')}
</div>`;
  return layout(frame, 'Eureka - Last 1000 since startup', 'lastn', content);
}

// ---- one instance -------------------------------------------------------------------------------

function time(value: TimeValue | null, none: string): string {
  return value ? `${value.time} (${value.relative})` : none;
}

function linkOrText(url: string | undefined): SafeHtml {
  if (!url) return html`<span class="summary">none</span>`;
  const href = httpUrlOrUndefined(url);
  return href
    ? html`<a href="${href}" target="_blank" rel="noopener noreferrer" class="mono">${url}</a>`
    : html`<span class="mono">${url}</span> <span class="summary">(not a http(s) URL: not linked)</span>`;
}

function actionForm(view: InstanceView, links: DashboardLinks, action: DashboardActionName): SafeHtml {
  const text = ACTION_TEXTS[action];
  const disabled = action === 'clear-override' && view.statusOverride === null;
  return html`<form method="post" action="${links.action(view.app, view.id, action)}" data-question="${text.question.replace('{id}', view.id)}" data-consequence="${text.consequence}" data-confirm-label="${text.confirm}">
<button type="submit" class="danger" data-key="${`action:${action}`}"${disabled ? html` disabled aria-describedby="no-override"` : ''}>${text.label}</button>
</form>`;
}

export function renderInstance(view: InstanceView, frame: PageFrame, notice?: string): string {
  const { links } = frame;
  const l = view.lease;
  const urlField = (name: string) => view.fields.find((f) => f.name === name)?.value;
  const content = html`<nav aria-label="Breadcrumb" class="summary"><a href="${links.home()}">Home</a> / <a href="${links.home({ q: view.app })}">${view.app}</a> / <span class="mono">${view.id}</span></nav>
<h1>Instance <span class="mono">${view.id}</span></h1>
${toolbar(view.generatedAt, links.instanceJson(view.app, view.id))}
${noticeFor(notice)}
<p id="action-result" class="notice" role="status" hidden></p>
<div id="live-instance" data-live>
<section aria-labelledby="h-status">
<h2 id="h-status">Status</h2>
<table class="kv"><tbody>
<tr><th scope="row">Application</th><td>${view.app}</td></tr>
<tr><th scope="row">Status</th><td><span class="status-${view.status} status-name" id="instance-status">${view.status}</span></td></tr>
<tr><th scope="row">Status override (held by the registry)</th><td id="instance-override">${view.statusOverride ?? 'none'}</td></tr>
<tr><th scope="row">overriddenStatus (on the record)</th><td>${view.overriddenStatus}</td></tr>
<tr><th scope="row">Availability zone</th><td>${view.zone === '' ? '(no zone)' : view.zone}</td></tr>
<tr><th scope="row">Lease</th><td>${l.expired ? html`<span class="badge badge-bad">expired</span> not renewed in time; evicted once lease expiration is enabled` : html`<span class="badge badge-ok">current</span>`}</td></tr>
</tbody></table>
</section>
<section aria-labelledby="h-actions">
<h2 id="h-actions">Actions</h2>
${openActionsNotice(frame)}
<div class="actions">${DASHBOARD_ACTIONS.map((a) => actionForm(view, links, a))}</div>
${view.statusOverride === null ? html`<p class="summary" id="no-override">There is no status override to clear.</p>` : ''}
</section>
<section aria-labelledby="h-lease">
<h2 id="h-lease">Lease</h2>
<table class="kv"><tbody>
<tr><th scope="row">Registered</th><td>${time(l.registered, '')}</td></tr>
<tr><th scope="row">Last heartbeat</th><td id="last-heartbeat">${time(l.lastHeartbeat, 'none since registration')}</td></tr>
<tr><th scope="row">Expires without heartbeats</th><td>${time(l.expires, '')}</td></tr>
<tr><th scope="row">Service up since</th><td>${time(l.serviceUp, 'not UP yet')}</td></tr>
<tr><th scope="row">Lease duration / renewal interval</th><td>${l.durationSecs} s / ${l.renewalIntervalSecs} s</td></tr>
<tr><th scope="row">leaseInfo.lastRenewalTimestamp (as clients see it)</th><td>${l.lastRenewalTimestampOnWire} (${formatServerTime(l.lastRenewalTimestampOnWire)}; the reference stores the last heartbeat plus one lease duration)</td></tr>
</tbody></table>
</section>
<section aria-labelledby="h-links">
<h2 id="h-links">Links</h2>
<table class="kv"><tbody>
<tr><th scope="row">Status page</th><td>${linkOrText(urlField('statusPageUrl'))}</td></tr>
<tr><th scope="row">Health check</th><td>${linkOrText(urlField('healthCheckUrl'))}</td></tr>
<tr><th scope="row">Secure health check</th><td>${linkOrText(urlField('secureHealthCheckUrl'))}</td></tr>
<tr><th scope="row">Home page</th><td>${linkOrText(urlField('homePageUrl'))}</td></tr>
</tbody></table>
</section>
<section aria-labelledby="h-metadata">
<h2 id="h-metadata">Metadata</h2>
${view.metadata.length === 0 ? html`<p>No metadata.</p>` : html`<table class="kv" id="metadata"><thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead>
<tbody>${view.metadata.map((m) => html`<tr><th scope="row" class="mono">${m.name}</th><td class="mono">${m.value}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="h-datacenter">
<h2 id="h-datacenter">Data center</h2>
${kvTable([{ name: 'name', value: view.dataCenter.name }, ...view.dataCenter.metadata])}
</section>
<section aria-labelledby="h-fields">
<h2 id="h-fields">All fields</h2>
${kvTable(view.fields)}
</section>
</div>`;
  return layout(frame, `Eureka - ${view.id}`, 'instance', content, true);
}

export function renderInstanceNotFound(frame: PageFrame, app: string, id: string, notice?: string): string {
  const content = html`<nav aria-label="Breadcrumb" class="summary"><a href="${frame.links.home()}">Home</a> / ${app} / <span class="mono">${id}</span></nav>
<h1>Instance not found</h1>
${noticeFor(notice)}
<p id="action-result" class="notice" role="status" hidden></p>
<div id="live-instance" data-live>
<p>${INSTANCE_NOT_FOUND}</p>
<p><a href="${frame.links.home()}">Back to the instance list</a> · <a href="${frame.links.lastn()}">Last registered and cancelled leases</a></p>
</div>`;
  return layout(frame, 'Eureka - instance not found', 'none', content);
}

/** The confirmation step of a form post without JavaScript (the script confirms in a dialog instead). */
export function renderConfirm(frame: PageFrame, app: string, id: string, action: DashboardActionName): string {
  const text = ACTION_TEXTS[action];
  const content = html`<h1>${text.question.replace('{id}', id)}</h1>
<p>${text.consequence}</p>
${openActionsNotice(frame)}
<form method="post" action="${frame.links.action(app, id, action)}" class="actions">
<input type="hidden" name="confirmed" value="yes">
<button type="submit" class="primary-danger">${text.confirm}</button>
<a class="button" href="${frame.links.instance(app, id)}">Cancel</a>
</form>`;
  return layout(frame, `Eureka - ${text.label}`, 'none', content);
}
