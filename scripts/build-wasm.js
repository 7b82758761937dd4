#!/usr/bin/env node
/**
 * Compiles the hand-written WebAssembly kernels lib/samplers/wasm/*.wat to .wasm with the `wabt` npm package
 * (wat2wasm in JavaScript). The .wasm files are tiny and committed; `--check` rebuilds in memory and fails if
 * a committed .wasm differs from its .wat (run by the tests), so the binaries stay reproducible.
 *
 *   node scripts/build-wasm.js          # write lib/samplers/wasm/*.wasm
 *   node scripts/build-wasm.js --check  # verify they are up to date
 */
'use strict';
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '..', 'lib', 'samplers', 'wasm');

async function compileWat(file) {
  const wabt = await require('wabt')();
  const mod = wabt.parseWat(path.basename(file), fs.readFileSync(file, 'utf8'), { simd: true });
  try {
    mod.validate();
    return Buffer.from(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const name of fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.wat'))
    .sort()) {
    const wat = path.join(DIR, name);
    const out = wat.replace(/\.wat$/, '.wasm');
    const bin = await compileWat(wat);
    if (check) {
      const ok = fs.existsSync(out) && Buffer.compare(fs.readFileSync(out), bin) === 0;
      if (!ok) stale++;
      console.log(`${ok ? 'ok   ' : 'STALE'} ${path.relative(process.cwd(), out)}`);
    } else {
      fs.writeFileSync(out, bin);
      console.log(`wrote ${path.relative(process.cwd(), out)} (${bin.length} bytes)`);
    }
  }
  if (stale > 0) {
    console.error(`${stale} .wasm file(s) differ from their .wat; run: npm run build:wasm`);
    process.exit(1);
  }
}

module.exports = { compileWat };
if (require.main === module)
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
