'use strict';
// Plans and writes a new microservice under apps/<name> from scripts/templates/service, and its
// project entry in nest-cli.json. Used by `npm run new:service` (scripts/new-service.js) and by the
// Nest schematic in scripts/schematics: both read the repository through a small `Workspace`
// (file system or schematic Tree), so they validate and render exactly the same way.
const fs = require('node:fs');
const path = require('node:path');

const TEMPLATE_DIR = path.join(__dirname, 'templates', 'service');
const TEMPLATE_SUFFIX = '.template';
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;
/** Names that would read as something else in this repository. */
const RESERVED_NAMES = new Set(['apps', 'libs', 'dist', 'test', 'scripts', 'src', 'node-modules', 'eureka', 'eureka-server', 'eureka-client', 'eureka-protocol']);
/** Ports taken by the standalone server and common tools; new services get the first free one from FIRST_PORT. */
const SERVER_PORT = 8761;
const FIRST_PORT = 8100;
const DEFAULT_PORT_PATTERN = /export const DEFAULT_PORT = (\d+);/;

/** A refusal: bad input or a name or port already taken. Nothing has been written. */
class ScaffoldError extends Error {}

/**
 * @typedef {object} Workspace  The repository, read-only, paths relative to its root with `/`.
 * @property {(file: string) => string | undefined} read  a file's text, undefined when absent
 * @property {(p: string) => boolean} exists  a file or a non-empty directory is there
 * @property {(dir: string) => string[]} subdirs  names of the directories in `dir`
 */

/** A `Workspace` over the file system under `root`. */
function fileSystemWorkspace(root) {
  const abs = (p) => path.join(root, ...p.split('/'));
  return {
    read: (file) => (fs.existsSync(abs(file)) && fs.statSync(abs(file)).isFile() ? fs.readFileSync(abs(file), 'utf8') : undefined),
    exists: (p) => fs.existsSync(abs(p)),
    subdirs: (dir) => (fs.existsSync(abs(dir)) ? fs.readdirSync(abs(dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : []),
  };
}

function validateName(name) {
  if (typeof name !== 'string' || name.trim() === '') throw new ScaffoldError('a service name is required, e.g. `npm run new:service -- orders`');
  if (name.length > MAX_NAME_LENGTH) throw new ScaffoldError(`service name "${name}" is longer than ${MAX_NAME_LENGTH} characters`);
  if (!NAME_PATTERN.test(name)) {
    throw new ScaffoldError(`service name "${name}" must be kebab-case: lower-case letters and digits in words joined by single dashes, starting with a letter (e.g. "orders", "order-history")`);
  }
  if (RESERVED_NAMES.has(name)) throw new ScaffoldError(`service name "${name}" is reserved in this repository`);
}

function parsePort(port) {
  const text = String(port).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1024 || value > 65535) throw new ScaffoldError(`--port ${JSON.stringify(String(port))} must be an integer between 1024 and 65535`);
  return value;
}

/** Default ports of the existing applications: `DEFAULT_PORT` in apps/<app>/src/config/service.config.ts. */
function portsInUse(workspace) {
  const used = new Map([[SERVER_PORT, 'the Eureka server (apps/eureka-server)']]);
  for (const app of workspace.subdirs('apps')) {
    const match = workspace.read(`apps/${app}/src/config/service.config.ts`)?.match(DEFAULT_PORT_PATTERN);
    if (match) used.set(Number(match[1]), `apps/${app}`);
  }
  return used;
}

function readNestCli(workspace) {
  const text = workspace.read('nest-cli.json');
  if (text === undefined) throw new ScaffoldError('nest-cli.json not found: run this from the repository root');
  try {
    const config = JSON.parse(text);
    if (!config || typeof config.projects !== 'object') throw new Error('no "projects"');
    return config;
  } catch (error) {
    throw new ScaffoldError(`nest-cli.json cannot be read: ${error.message}`);
  }
}

/** nest-cli.json as this repository writes it: two-space indent, one line per project. */
function formatNestCli(config) {
  const lines = Object.entries(config).map(([key, value]) => {
    if (key !== 'projects') return `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')}`;
    const projects = Object.entries(value).map(([name, project]) => `    ${JSON.stringify(name)}: ${JSON.stringify(project, null, 1).replace(/\n\s*/g, ' ')}`);
    return `  "projects": {\n${projects.join(',\n')}\n  }`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

function templateFiles(dir = TEMPLATE_DIR, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return templateFiles(path.join(dir, entry.name), relative);
    return entry.name.endsWith(TEMPLATE_SUFFIX) ? [relative] : [];
  });
}

/** `<%= key %>` replaced by `values[key]`; an unknown key is a template bug and throws. */
function render(text, values, where) {
  return text.replace(/<%=\s*(\w+)\s*%>/g, (_, key) => {
    if (!(key in values)) throw new Error(`${where}: unknown template value "${key}"`);
    return String(values[key]);
  });
}

/** A template (path under scripts/templates/service, with its `.template` suffix) rendered with `values`. */
function renderTemplate(template, values) {
  return render(fs.readFileSync(path.join(TEMPLATE_DIR, ...template.split('/')), 'utf8'), values, template);
}

/** The values the templates use for a service name: `order-history` -> OrderHistory, ORDER-HISTORY. */
function templateValues(name, port) {
  const className = name
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
  return { name, className, appName: name.toUpperCase(), port };
}

/**
 * Checks the request against the workspace and renders everything to write, without writing.
 * Throws ScaffoldError on a bad or taken name or port.
 * @returns {{ name: string, port: number, dir: string, files: {path: string, content: string}[], updates: {path: string, content: string}[] }}
 */
function planService(workspace, request) {
  const name = typeof request.name === 'string' ? request.name.trim() : request.name;
  validateName(name);
  const dir = `apps/${name}`;
  if (workspace.exists(dir)) throw new ScaffoldError(`${dir} already exists: choose another name`);
  if (workspace.exists(`libs/${name}`)) throw new ScaffoldError(`libs/${name} exists: a service may not take a library's name`);
  const nestCli = readNestCli(workspace);
  if (Object.prototype.hasOwnProperty.call(nestCli.projects, name)) throw new ScaffoldError(`nest-cli.json already has a project "${name}"`);

  const used = portsInUse(workspace);
  let port;
  if (request.port !== undefined && request.port !== null && request.port !== '') {
    port = parsePort(request.port);
    if (used.has(port)) throw new ScaffoldError(`port ${port} is already the default port of ${used.get(port)}: choose another with --port`);
  } else {
    port = FIRST_PORT;
    while (used.has(port)) port++;
  }

  const values = templateValues(name, port);
  const files = templateFiles().map((template) => ({
    path: `${dir}/${template.slice(0, -TEMPLATE_SUFFIX.length).replace(/__name__/g, name)}`,
    content: renderTemplate(template, values),
  }));
  nestCli.projects[name] = { type: 'application', root: dir, entryFile: 'main', sourceRoot: `${dir}/src` };
  return { name, port, dir, files, updates: [{ path: 'nest-cli.json', content: formatNestCli(nestCli) }] };
}

/** Writes a plan under `root`; on any failure removes what it created and restores what it changed. */
function writePlan(root, plan) {
  const abs = (p) => path.join(root, ...p.split('/'));
  const appDir = abs(plan.dir);
  const originals = plan.updates.map((u) => ({ file: abs(u.path), text: fs.readFileSync(abs(u.path), 'utf8') }));
  try {
    for (const file of plan.files) {
      fs.mkdirSync(path.dirname(abs(file.path)), { recursive: true });
      fs.writeFileSync(abs(file.path), file.content, { flag: 'wx' });
    }
    for (const update of plan.updates) fs.writeFileSync(abs(update.path), update.content);
  } catch (error) {
    fs.rmSync(appDir, { recursive: true, force: true });
    for (const { file, text } of originals) fs.writeFileSync(file, text);
    throw error;
  }
}

module.exports = { ScaffoldError, fileSystemWorkspace, planService, writePlan, formatNestCli, renderTemplate, templateValues };
