'use strict';
/**
 * The load generator: autocannon in this (the bench) process, never in the server's. Latencies
 * are recorded per response from autocannon's own timing (float ms; its histogram rounds to whole
 * ms). Every run is bounded: by `durationSec`, or by `amount` with a hard time cap.
 *
 * Response bodies are counted, not kept (see `setupClient` below).
 *
 * Request sequences (`sequence`): a list of requests is encoded once into raw HTTP/1.1 buffers and
 * handed out in order, across all connections, by replacing each autocannon client's
 * `getRequestBuffer` in `setupClient`. autocannon's own `requests` list would deep-clone and
 * rebuild the list per connection (seconds for 10k entries) and `setupRequest` rebuilds every
 * request, both costing the generator CPU that the server needs on a 2-core machine.
 */
let autocannon;
try {
  autocannon = require('autocannon');
} catch {
  throw new Error('autocannon is missing: install the dev dependencies (`npm install`; autocannon 9 is a devDependency of the bench)');
}
const { summarize } = require('./common');

const noop = () => {};

/** Encodes `{ method, path, headers?, body? }` items as raw HTTP/1.1 requests to `url`'s host. */
function encodeRequests(url, items) {
  const host = new URL(url).host;
  return items.map(({ method, path, headers = {}, body }) => {
    const bodyBuf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (bodyBuf) head += `Content-Length: ${bodyBuf.length}\r\n`;
    head += '\r\n';
    return bodyBuf ? Buffer.concat([Buffer.from(head, 'latin1'), bodyBuf]) : Buffer.from(head, 'latin1');
  });
}

/**
 * @param {object} o
 * @param {string} o.url            base URL, e.g. http://127.0.0.1:8761
 * @param {number} [o.connections]  keep-alive connections (default 64)
 * @param {number} [o.durationSec]  run length when no `amount`
 * @param {number} [o.amount]       stop after this many responses
 * @param {number} [o.capSec]       hard stop for `amount` runs (default 60)
 * @param {object[]} [o.requests]   a fixed autocannon request list (e.g. one GET)
 * @param {object[]} [o.sequence]   requests handed out in order across connections (see above)
 * @param {number} [o.overallRate] offered load, requests/s over all connections (default: as fast as answered)
 * @param {function} [o.expect]     (status) => boolean; responses failing it are counted as bad
 */
function runLoad(o) {
  const latencies = [];
  let good = 0;
  let bad = 0;
  let bytes = 0;
  const badStatuses = {};
  const expect = o.expect || ((s) => s >= 200 && s < 300);
  return new Promise((resolve, reject) => {
    const opts = { url: o.url, connections: o.connections || 64, pipelining: 1, timeout: 20, requests: o.requests };
    if (o.overallRate) opts.overallRate = o.overallRate;
    let nextRequest;
    if (o.sequence) {
      const buffers = encodeRequests(o.url, o.sequence);
      let next = 0;
      opts.requests = [{ method: o.sequence[0].method, path: o.sequence[0].path }];
      nextRequest = () => buffers[next++ % buffers.length];
    }
    opts.setupClient = (client) => {
      // autocannon appends every body chunk to a string (`req.body += chunk`, for expectBody and
      // onResponse, neither used here): a utf8 decode and copy of every byte received, which caps
      // it near 80 MB/s on this machine, far below what the servers send. Bodies are dropped here.
      const queue = client.pipelinedRequests;
      if (!queue || typeof queue.addBody !== 'function') throw new Error('autocannon internals changed: PipelinedRequestsQueue#addBody is gone');
      queue.addBody = noop;
      if (nextRequest) {
        if (typeof client.getRequestBuffer !== 'function') throw new Error('autocannon internals changed: Client#getRequestBuffer is gone');
        client.getRequestBuffer = nextRequest;
      }
    };
    if (o.amount) opts.amount = o.amount;
    else opts.duration = o.durationSec || 5;
    let cap;
    let started;
    let lastAt;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(cap);
      // Up to the last response: autocannon reports only at its next 1 s sample tick.
      const elapsedSec = Number((lastAt || process.hrtime.bigint()) - started) / 1e9;
      resolve({
        elapsedSec,
        good,
        bad,
        badStatuses,
        errors: result.errors,
        timeouts: result.timeouts,
        rps: good / elapsedSec,
        latency: summarize(latencies),
        bytesPerResponse: good ? bytes / good : 0,
        bytesPerSec: bytes / elapsedSec,
      });
    };
    const instance = autocannon(opts, (err, result) => {
      if (err && !settled) {
        settled = true;
        clearTimeout(cap);
        return reject(err);
      }
      finish(result);
    });
    // Clients are built (and send their first requests) synchronously inside autocannon().
    started = process.hrtime.bigint();
    instance.on('response', (_client, status, resBytes, responseTime) => {
      lastAt = process.hrtime.bigint();
      if (expect(status)) {
        good++;
        bytes += resBytes;
        latencies.push(responseTime);
      } else {
        bad++;
        badStatuses[status] = (badStatuses[status] || 0) + 1;
      }
      if (o.amount && good + bad === o.amount) {
        // Every response is in: report now (autocannon would wait for its next 1 s tick) and stop it.
        finish({ errors: 0, timeouts: 0 });
        setImmediate(() => instance.stop());
      }
    });
    const capMs = 1000 * (o.amount ? o.capSec || 60 : (o.durationSec || 5) + 30);
    cap = setTimeout(() => instance.stop(), capMs);
  });
}

module.exports = { encodeRequests, runLoad };
