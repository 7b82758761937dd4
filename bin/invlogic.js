#!/usr/bin/env node
// CommonJS shim: register tsx's require() hook (tsx v4: `tsx/cjs`) so the TypeScript sources under lib/ run
// without a build step, then hand over to cli/main.ts.
'use strict';
require('tsx/cjs');

// A closed pipe (`invlogic ... | head -1`) ends the command quietly: nobody reads what is left to print. Any other
// failure to write stdout/stderr (e.g. a full disk behind `> FILE`) is one line, never a stack trace.
for (const [name, stream] of [
  ['stdout', process.stdout],
  ['stderr', process.stderr],
]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (name === 'stdout') {
      try {
        process.stderr.write(`invlogic: cannot write to stdout: ${err && err.message ? err.message : String(err)}\n`);
      } catch (_err) {
        // stderr is gone too
      }
    }
    process.exit(2);
  });
}
const { main } = require('../cli/main.ts');

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
