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
  require(tslabMain).startKernel({ configPath: connectionFile, enableFindLocal: false });
}

module.exports = { start };

if (require.main === module) start(path.resolve(__dirname, '..'), process.argv[2]);
