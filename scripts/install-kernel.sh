#!/usr/bin/env bash
# Registers the Jupyter kernel "invlogic" (display name "TypeScript (invlogic)"): tslab running with the
# repository root as working directory (see scripts/jupyter-kernel.js). One registration serves every clone:
# the kernel finds its checkout by walking up from the notebook's folder. Idempotent.
#
# Installs system-wide when run as root (/usr/local/share/jupyter/kernels), else per user
# (~/.local/share/jupyter/kernels). JUPYTER_PYTHON picks the Python that has jupyter_client
# (default /usr/bin/python3, i.e. Debian's jupyter packages).
set -euo pipefail

py=${JUPYTER_PYTHON:-/usr/bin/python3}
[[ -x $py ]] || py=python3
node_bin=$(command -v node)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The loader runs in the notebook's folder: find the enclosing invlogic checkout, then start its kernel.
"$node_bin" - "$tmp/kernel.json" "$node_bin" <<'JS'
const fs = require('fs');
const [file, node] = process.argv.slice(2);
const loader = [
  "const p=require('path'),f=require('fs');",
  'let d=process.cwd();',
  "while(!f.existsSync(p.join(d,'scripts','jupyter-kernel.js'))){",
  'const u=p.dirname(d);',
  "if(u===d){console.error('invlogic kernel: no invlogic checkout at or above '+process.cwd());process.exit(1)}",
  'd=u}',
  "require(p.join(d,'scripts','jupyter-kernel.js')).start(d,process.argv[1])",
].join('');
const spec = {
  argv: [node, '-e', loader, '{connection_file}'],
  display_name: 'TypeScript (invlogic)',
  language: 'typescript',
  interrupt_mode: 'signal',
};
fs.writeFileSync(file, JSON.stringify(spec, null, 1) + '\n');
JS

"$py" - "$tmp" <<'PY'
import os, sys
from jupyter_client.kernelspec import KernelSpecManager
dest = KernelSpecManager().install_kernel_spec(sys.argv[1], 'invlogic', user=os.geteuid() != 0)
print(f'installed Jupyter kernel "invlogic" in {dest}')
PY
