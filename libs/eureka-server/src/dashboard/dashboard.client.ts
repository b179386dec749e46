/**
 * The dashboard's only script, served by the module itself (no CDN, works offline, allowed by a
 * `script-src 'self'` policy). Progressive enhancement: without it the filter is a plain GET form
 * and actions post a form that the server confirms on a page of its own.
 *
 * - auto-refresh: re-fetches the current page every `data-refresh` seconds and swaps the
 *   `[data-live]` regions (no full reload; focus and scroll are kept); paused while a dialog is
 *   open, toggled by a button;
 * - filter: applied while typing (debounced), reflected in the address bar;
 * - actions: a modal `<dialog>` asks for confirmation, then a JSON POST; the result is announced.
 *
 * Registry data only ever arrives as server-rendered, escaped HTML (DOMParser, never eval), or is
 * written with `textContent`.
 */
export const DASHBOARD_CLIENT_JS = String.raw`(function () {
  'use strict';
  var body = document.body;
  var refreshSeconds = Number(body.getAttribute('data-refresh') || '0');
  var timer = null;
  var busy = false;
  var paused = refreshSeconds <= 0;
  var toggle = document.getElementById('refresh-toggle');
  var refreshNow = document.getElementById('refresh-now');
  var state = document.getElementById('refresh-state');
  var announcer = document.getElementById('announcer');
  var dialog = document.getElementById('confirm-dialog');

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function clock() {
    var d = new Date();
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function schedule() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (!paused && refreshSeconds > 0) timer = window.setTimeout(refresh, refreshSeconds * 1000);
  }

  function focusKey() {
    var active = document.activeElement;
    if (!active || !active.closest || !active.closest('[data-live]')) return null;
    return active.getAttribute('data-key') || active.id || null;
  }

  function restoreFocus(key) {
    if (!key) return;
    var all = document.querySelectorAll('[data-key], [id]');
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute('data-key') === key || all[i].id === key) { all[i].focus(); return; }
    }
  }

  function bannerOf(root) {
    var banner = root.querySelector('[data-banner]');
    return banner ? banner.getAttribute('data-banner') : '';
  }

  function swap(doc) {
    var key = focusKey();
    var before = bannerOf(document);
    var regions = document.querySelectorAll('[data-live]');
    for (var i = 0; i < regions.length; i++) {
      var next = doc.getElementById(regions[i].id);
      if (next) regions[i].replaceWith(document.importNode(next, true));
    }
    restoreFocus(key);
    var after = bannerOf(document);
    if (after !== before) {
      announce(after ? 'Warning: ' + (document.querySelector('[data-banner] .banner-headline') || { textContent: after }).textContent : 'The warning banner is gone.');
    }
    body.setAttribute('data-updated', String(Date.now()));
  }

  function refresh() {
    if (busy) return;
    if (dialog && dialog.open) { schedule(); return; }
    busy = true;
    fetch(window.location.pathname + window.location.search, {
      headers: { accept: 'text/html' },
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (res) {
      return res.text();
    }).then(function (text) {
      swap(new DOMParser().parseFromString(text, 'text/html'));
      if (state) state.textContent = 'Updated ' + clock();
    }).catch(function () {
      if (state) state.textContent = 'Update failed at ' + clock() + ', retrying';
    }).then(function () {
      busy = false;
      schedule();
    });
  }

  function setPaused(value) {
    paused = value;
    if (toggle) {
      toggle.setAttribute('aria-pressed', paused ? 'false' : 'true');
      toggle.textContent = paused ? 'Auto-refresh: off' : 'Auto-refresh: on';
    }
    schedule();
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      if (refreshSeconds <= 0) refreshSeconds = 10;
      setPaused(!paused);
    });
  }
  if (refreshNow) {
    refreshNow.hidden = false;
    refreshNow.addEventListener('click', refresh);
  }
  setPaused(paused);

  // ---- filter ---------------------------------------------------------------------------------
  var filter = document.getElementById('filter');
  if (filter) {
    var debounce = null;
    var apply = function () {
      var params = new URLSearchParams();
      var data = new FormData(filter);
      data.forEach(function (value, name) { if (value !== '') params.set(name, String(value)); });
      var keep = new URLSearchParams(window.location.search);
      if (keep.has('refresh')) params.set('refresh', keep.get('refresh'));
      var query = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
      refresh();
    };
    filter.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
    filter.addEventListener('input', function (event) {
      if (event.target && event.target.tagName === 'SELECT') return;
      if (debounce) window.clearTimeout(debounce);
      debounce = window.setTimeout(apply, 250);
    });
    filter.addEventListener('change', function (event) {
      if (event.target && event.target.tagName === 'SELECT') apply();
    });
    var reset = document.getElementById('filter-reset');
    if (reset) {
      reset.addEventListener('click', function (event) {
        event.preventDefault();
        filter.reset();
        var fields = filter.querySelectorAll('input, select');
        for (var i = 0; i < fields.length; i++) fields[i].value = '';
        apply();
      });
    }
  }

  // ---- actions --------------------------------------------------------------------------------
  var notice = document.getElementById('action-result');
  function showResult(text, failed) {
    if (notice) {
      notice.textContent = text;
      notice.hidden = false;
      notice.className = failed ? 'notice notice-error' : 'notice';
    }
    announce(text);
  }

  function perform(form) {
    fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: '{}'
    }).then(function (res) {
      return res.json().catch(function () { return { ok: false, message: 'HTTP ' + res.status }; });
    }).then(function (result) {
      if (result.ok && result.redirect) { window.location.assign(result.redirect); return; }
      showResult(result.message || (result.ok ? 'Done.' : 'Failed.'), !result.ok);
      refresh();
    }).catch(function () {
      showResult('The request failed: is the server reachable?', true);
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-question')) return;
    event.preventDefault();
    if (!dialog || typeof dialog.showModal !== 'function') {
      if (window.confirm(form.getAttribute('data-question'))) perform(form);
      return;
    }
    document.getElementById('confirm-title').textContent = form.getAttribute('data-question');
    document.getElementById('confirm-consequence').textContent = form.getAttribute('data-consequence');
    document.getElementById('confirm-ok').textContent = form.getAttribute('data-confirm-label');
    dialog.returnValue = '';
    dialog.onclose = function () {
      dialog.onclose = null;
      if (dialog.returnValue === 'confirm') perform(form);
      else if (form.querySelector('button')) form.querySelector('button').focus();
    };
    dialog.showModal();
  });
})();
`;
