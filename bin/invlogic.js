#!/usr/bin/env node
// CommonJS shim: register tsx's require() hook (tsx v4: `tsx/cjs`) so the TypeScript sources under lib/ run
// without a build step, then hand over to lib/cli/main.ts.
'use strict';
require('tsx/cjs');
const { main } = require('../lib/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main() never rejects; this only guards against a broken install.
    process.stderr.write(`invlogic: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
