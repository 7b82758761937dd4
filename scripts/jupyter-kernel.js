// Jupyter kernel for invlogic notebooks: tslab, started with the repository root as working directory.
//
// Why: tslab compiles every imported .ts file itself with `rootDir` = the kernel's working directory, and
// refuses to emit files outside it. Jupyter starts kernels in the notebook's folder (notebooks/), so
// `import ... from '../lib/x'` fails there with an empty "Error". Started from the root, a notebook imports
// `./lib/...` and `./experiments/...`, and relative file paths (figures/data/...) mean the same as in the CLI.
//
// The kernelspec (scripts/install-kernel.sh) runs a tiny inline loader that walks up from the notebook's
// folder to the checkout containing this file and calls start(root, connectionFile), so one registration
// serves every clone.
'use strict';
const fs = require('fs');
const path = require('path');

function start(root, connectionFile) {
  const tslabMain = path.join(root, 'node_modules', 'tslab', 'dist', 'main.js');
  if (!fs.existsSync(tslabMain)) {
    console.error(`invlogic kernel: ${tslabMain} is missing; run 'npm ci' in ${root}`);
    process.exit(1);
  }
  if (!connectionFile) {
    console.error('invlogic kernel: usage: jupyter-kernel.js CONNECTION_FILE (Jupyter passes it)');
    process.exit(1);
  }
  process.chdir(root);
  process.env.INVLOGIC_ROOT = root;
  resolveFolderImports(path.join(root, 'node_modules', 'tslab', 'dist', 'tspath.js'));
  require(tslabMain).startKernel({ configPath: connectionFile, enableFindLocal: false });
}

/**
 * tslab 1.0.x runs the .ts files it compiled (lib/...) by mapping a relative import to `<dir>/<id>.js`, so a
 * folder import such as `../ising` (meaning ../ising/index.ts, used throughout lib/) is not found at run time
 * although it type-checks. tslab builds that path with tspath.normalizeJoin(dirname, id), looked up on the
 * module object at each call; we wrap it so that a relative id naming a folder with an index.ts maps to
 * `<folder>/index`. Everything else passes through unchanged. Covered by notebooks/00-setup-check.ipynb,
 * which imports `./lib/viz`.
 */
function resolveFolderImports(tspathFile) {
  const tspath = require(tspathFile);
  const join = tspath.normalizeJoin;
  if (typeof join !== 'function') {
    throw new Error(`invlogic kernel: ${tspathFile} has no normalizeJoin; tslab changed, revisit resolveFolderImports`);
  }
  tspath.normalizeJoin = function normalizeJoinWithFolders(...parts) {
    const joined = join(...parts);
    const id = parts[parts.length - 1];
    if (parts.length === 2 && /^\.\.?(\/|$)/.test(id) && path.extname(joined) === '') {
      for (const index of ['index.ts', 'index.tsx', 'index.js']) {
        if (fs.existsSync(path.join(joined, index))) return join(joined, 'index');
      }
    }
    return joined;
  };
}

module.exports = { start };

if (require.main === module) start(path.resolve(__dirname, '..'), process.argv[2]);
