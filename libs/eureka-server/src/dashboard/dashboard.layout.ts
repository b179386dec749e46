import { DashboardLinks } from './dashboard-path';
import { DASHBOARD_ASSETS } from './dashboard.assets';
import { ACTIONS_OPEN_NOTICE, NOTICES } from './dashboard.messages';
import { NameValue } from './dashboard.view';
import { formatServerTime } from './format';
import { SafeHtml, html } from './html';

/** The frame every dashboard page shares: head, navigation, confirm dialog, tables. */

export type Current = 'home' | 'lastn' | 'instance' | 'none';

export interface PageFrame {
  links: DashboardLinks;
  /** Auto-refresh period in seconds, 0 = off. */
  refreshSeconds: number;
  /** True when no authentication protects the actions: the pages warn about it. */
  actionsOpen: boolean;
}

export function openActionsNotice(frame: PageFrame): SafeHtml | string {
  return frame.actionsOpen ? html`<p class="notice-warn">${ACTIONS_OPEN_NOTICE}</p>` : '';
}

export function asset(links: DashboardLinks, name: string): string {
  return links.asset(name, DASHBOARD_ASSETS[name].version);
}

export function layout(frame: PageFrame, title: string, current: Current, content: SafeHtml, withDialog = false): string {
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

export function confirmDialog(frame: PageFrame): SafeHtml {
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

export function toolbar(generatedAt: number, jsonHref: string): SafeHtml {
  return html`<div class="toolbar">
<span id="refresh-state">Generated ${formatServerTime(generatedAt)}</span>
<button type="button" id="refresh-toggle" aria-pressed="true" hidden>Auto-refresh: on</button>
<button type="button" id="refresh-now" hidden>Refresh now</button>
<a href="${jsonHref}">This page as JSON</a>
</div>
<p id="announcer" class="sr-only" aria-live="polite"></p>`;
}

export function kvTable(rows: NameValue[], caption?: string, extraClass = ''): SafeHtml {
  return html`<table class="kv ${extraClass}">${caption ? html`<caption>${caption}</caption>` : ''}
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.name}</th><td>${r.value}</td></tr>`)}</tbody>
</table>`;
}

export function noticeFor(notice: string | undefined): SafeHtml {
  const text = notice ? NOTICES[notice] : undefined;
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

// ---- home ---------------------------------------------------------------------------------------
