import { INSTANCE_STATUSES } from '@nest-eureka/protocol';
import { DashboardLinks } from './dashboard-path';
import { NOT_UP, NO_ZONE, isFiltering } from './dashboard.filter';
import { PageFrame, kvTable, layout, noticeFor, toolbar } from './dashboard.layout';
import { NO_INSTANCES, NO_MATCH } from './dashboard.messages';
import { ApplicationRow, Banner, OverviewView, ReplicaRow } from './dashboard.view';
import { formatAge } from './format';
import { SafeHtml, html } from './html';

/** The home page (Spring's System Status, DS Replicas, instances, General and Instance Info). Every value goes through `html\`\``, which escapes it. */

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
