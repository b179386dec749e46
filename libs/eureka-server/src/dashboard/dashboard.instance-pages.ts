import { DASHBOARD_ACTIONS, DashboardActionName, DashboardLinks } from './dashboard-path';
import { InstanceView, LastnView, TimeValue } from './dashboard.instance-view';
import { PageFrame, kvTable, layout, noticeFor, openActionsNotice, toolbar } from './dashboard.layout';
import { ACTION_TEXTS, INSTANCE_NOT_FOUND } from './dashboard.messages';
import { formatServerTime } from './format';
import { SafeHtml, html, httpUrlOrUndefined } from './html';

/** Spring's /lastn page, one instance's page, and the action confirmation page. */

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
