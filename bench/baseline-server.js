#!/usr/bin/env node
/**
 * The bare `node:http` baseline the bench compares the registry with: what Node itself can do on
 * this machine for the same requests, with no framework and no registry. Run as its own process,
 * driven by the same load generator as the server.
 *
 *   BASELINE_MODE=heartbeat  PUT /eureka/apps/{app}/{id}: parses the URL (path segments, query,
 *                            percent-decoding, upper-cased app) and answers 200 with no body.
 *   BASELINE_MODE=bytes      GET: answers pre-built bytes read once from the files named in
 *                            BASELINE_FILES (JSON: {"<path>": {"json"|"json+gzip"|"xml"|"xml+gzip":
 *                            {"file", "headers"}}}), picked by Accept / Accept-Encoding.
 *   BASELINE_MODE=register   POST reads the body and JSON.parses it (204); DELETE answers 200.
 *
 * GET /__ready answers 200 in every mode. PORT, HOST as for the server.
 */
'use strict';

const http = require('node:http');
const { readFileSync } = require('node:fs');

const mode = process.env.BASELINE_MODE || 'heartbeat';
const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';

function parseInstancePath(url) {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const parts = path.split('/');
  // ['', 'eureka', 'apps', app, id] or ['', 'eureka', 'v2', 'apps', app, id]
  const i = parts[2] === 'v2' ? 3 : 2;
  if (parts[1] !== 'eureka' || parts[i] !== 'apps' || parts.length !== i + 3) return undefined;
  return { app: decodeURIComponent(parts[i + 1]).toUpperCase(), id: decodeURIComponent(parts[i + 2]), query: q < 0 ? '' : url.slice(q + 1) };
}

let handler;
if (mode === 'heartbeat') {
  handler = (req, res) => {
    const target = req.method === 'PUT' ? parseInstancePath(req.url) : undefined;
    res.writeHead(target && target.app && target.id ? 200 : 404, { 'content-length': '0' });
    res.end();
  };
} else if (mode === 'bytes') {
  const manifest = JSON.parse(readFileSync(process.env.BASELINE_FILES, 'utf8'));
  const routes = new Map();
  for (const [path, variants] of Object.entries(manifest)) {
    const loaded = {};
    for (const [variant, { file, headers }] of Object.entries(variants)) {
      const body = readFileSync(file);
      loaded[variant] = { body, headers: { ...headers, 'content-length': String(body.length) } };
    }
    routes.set(path, loaded);
  }
  handler = (req, res) => {
    const variants = routes.get(req.url);
    if (!variants) {
      res.writeHead(404, { 'content-length': '0' });
      return res.end();
    }
    const accept = req.headers.accept;
    const format = accept && accept.includes('json') ? 'json' : 'xml';
    const ae = req.headers['accept-encoding'];
    const chosen = (ae && ae.includes('gzip') && variants[`${format}+gzip`]) || variants[format];
    if (!chosen) {
      res.writeHead(406, { 'content-length': '0' });
      return res.end();
    }
    res.writeHead(200, chosen.headers);
    res.end(chosen.body);
  };
} else if (mode === 'register') {
  handler = (req, res) => {
    if (req.method === 'DELETE') {
      const target = parseInstancePath(req.url);
      res.writeHead(target ? 200 : 404, { 'content-length': '0' });
      return res.end();
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let status = 204;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!body || !body.instance) status = 400;
      } catch {
        status = 400;
      }
      res.writeHead(status, { 'content-length': '0' });
      res.end();
    });
  };
} else {
  process.stderr.write(`unknown BASELINE_MODE ${mode}\n`);
  process.exit(2);
}

const server = http.createServer((req, res) => {
  if (req.url === '/__ready') {
    res.writeHead(200, { 'content-length': '0' });
    return res.end();
  }
  handler(req, res);
});
server.keepAliveTimeout = 72_000;
server.listen(port, host, () => process.stdout.write(`baseline ${mode} listening on ${host}:${server.address().port}\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => { server.closeAllConnections(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1000).unref(); });
