'use strict';
// Nest schematic `service`: the same plan and templates as `npm run new:service`, written through
// the schematic Tree (so `--dry-run` works and a refusal leaves the workspace untouched).
//   nest g -c ./scripts/schematics/collection.json service orders      (Nest CLI, Node 22+)
//   schematics ./scripts/schematics/collection.json:service --name orders --port 8120
// No dependency on @angular-devkit/schematics: a rule only needs the Tree it is handed.
const { planService } = require('../../service-scaffold');

/** A read-only `Workspace` over a schematic Tree (paths relative to the workspace root). */
function treeWorkspace(tree) {
  const dir = (p) => tree.getDir(p);
  return {
    read: (file) => {
      const content = tree.read(file);
      return content === null ? undefined : content.toString('utf8');
    },
    exists: (p) => tree.exists(p) || dir(p).subfiles.length > 0 || dir(p).subdirs.length > 0,
    subdirs: (p) => dir(p).subdirs.map(String),
  };
}

function service(options) {
  return (tree, context) => {
    // A refusal (ScaffoldError) is thrown before anything is staged; the CLI prints its message.
    const plan = planService(treeWorkspace(tree), { name: options.name, port: options.port });
    for (const file of plan.files) tree.create(file.path, file.content);
    for (const update of plan.updates) tree.overwrite(update.path, update.content);
    context?.logger?.info(`${plan.dir}: default port ${plan.port}, registers as ${plan.name.toUpperCase()}`);
    return tree;
  };
}

module.exports = { service, treeWorkspace };
