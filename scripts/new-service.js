'use strict';
// `npm run new:service -- <name> [--port N]`: creates apps/<name>, a Nest microservice that
// registers with Eureka (@EnableDiscovery), reads its configuration from the environment, serves
// Terminus /health, and has a unit test and an e2e test; adds it to nest-cli.json. Refuses a bad or
// taken name or port without writing anything (exit code 2).
const path = require('node:path');
const { ScaffoldError, fileSystemWorkspace, planService, writePlan } = require('./service-scaffold');

const ROOT = path.resolve(__dirname, '..');
const USAGE = `Usage: npm run new:service -- <name> [--port N]

  <name>      kebab-case service name, e.g. orders or order-history (registers as ORDERS, ORDER-HISTORY)
  --port N    default HTTP port of the service (1024..65535); default: the first free one from 8100

Creates apps/<name> and adds it to nest-cli.json; \`npm run build\` then builds it with the rest.
With the Nest CLI (Node 22+): nest g -c ./scripts/schematics/collection.json service <name>
`;

function parseArgs(argv) {
  const request = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--port') {
      if (i + 1 >= argv.length) throw new ScaffoldError('--port needs a value, e.g. --port 8100');
      request.port = argv[++i];
    } else if (arg.startsWith('--port=')) {
      request.port = arg.slice('--port='.length);
    } else if (arg.startsWith('-')) {
      throw new ScaffoldError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) throw new ScaffoldError(`one service name expected, got ${positional.map((p) => JSON.stringify(p)).join(' ')}`);
  request.name = positional[0];
  return request;
}

function main() {
  let request;
  try {
    request = parseArgs(process.argv.slice(2));
    if (request.help) return void process.stdout.write(USAGE);
    const plan = planService(fileSystemWorkspace(ROOT), request);
    writePlan(ROOT, plan);
    process.stdout.write(
      [
        `Created ${plan.dir} (default port ${plan.port}, registers as ${plan.name.toUpperCase()}) and added "${plan.name}" to nest-cli.json:`,
        ...plan.files.map((f) => `  ${f.path}`),
        '',
        'Next:',
        `  npx jest ${plan.dir}            its unit and e2e tests`,
        '  npm run build',
        '  npm start                      the Eureka server on port 8761 (in another terminal)',
        `  node ${plan.dir}/dist/main.js`,
        `  curl localhost:${plan.port}/hello    and /health; the registry lists it at localhost:8761/eureka/apps`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    process.stderr.write(`new:service: ${error.message}\nNothing was written. ${USAGE.split('\n')[0]} (--help for more)\n`);
    process.exitCode = 2;
  }
}

main();
