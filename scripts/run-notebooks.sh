#!/usr/bin/env bash
# Executes notebooks headless with the "invlogic" Jupyter kernel (scripts/install-kernel.sh) and fails if any
# cell raises, printing the failing cell and its output (tslab reports type errors on stderr).
#
#   scripts/run-notebooks.sh                      # every notebooks/*.ipynb, in name order
#   scripts/run-notebooks.sh notebooks/03-x.ipynb # just these
#
# INVLOGIC_QUICK defaults to 1 here (quick scale); export INVLOGIC_QUICK=0 for the full runs.
# NOTEBOOK_CELL_TIMEOUT: seconds per cell (default 900). Executed copies go to .cache/notebooks/ (the source
# notebooks are not modified). A notebook may list strings that must appear in its outputs under
# metadata.invlogic.expect_outputs (00-setup-check uses it to prove a plotly figure was emitted).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export INVLOGIC_QUICK=${INVLOGIC_QUICK:-1}
export PYDEVD_DISABLE_FILE_VALIDATION=1
py=${JUPYTER_PYTHON:-/usr/bin/python3}
[[ -x $py ]] || py=python3

if (($# > 0)); then
  notebooks=("$@")
else
  shopt -s nullglob
  notebooks=(notebooks/*.ipynb)
fi
if ((${#notebooks[@]} == 0)); then
  echo "run-notebooks: no notebooks to run"
  exit 0
fi

exec "$py" -Xfrozen_modules=off - "${notebooks[@]}" <<'PY'
import os, re, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

KERNEL = 'invlogic'
ANSI = re.compile(r'\x1b\[[0-9;]*m')
try:
    KernelSpecManager().get_kernel_spec(KERNEL)
except NoSuchKernel:
    sys.exit(f"run-notebooks: Jupyter kernel '{KERNEL}' is not registered; run 'npm run kernel:install'")

def outputs_text(cell):
    """Everything a cell printed, as plain text: streams, errors and text/plain results."""
    parts = []
    for out in cell.get('outputs', []):
        if out.output_type == 'stream':
            parts.append(out.text)
        elif out.output_type == 'error':
            parts.append(f"{out.ename}: {out.evalue}\n" + ANSI.sub('', '\n'.join(out.traceback)))
        elif 'text/plain' in out.get('data', {}):
            parts.append(out.data['text/plain'])
    return ''.join(parts).rstrip()

def all_output_strings(nb):
    for cell in nb.cells:
        for out in cell.get('outputs', []):
            if out.output_type == 'stream':
                yield out.text
            for value in out.get('data', {}).values():
                yield value if isinstance(value, str) else str(value)

timeout = int(os.environ.get('NOTEBOOK_CELL_TIMEOUT', '900'))
os.makedirs('.cache/notebooks', exist_ok=True)
failures = []
print(f"run-notebooks: {len(sys.argv) - 1} notebook(s), kernel {KERNEL}, INVLOGIC_QUICK={os.environ['INVLOGIC_QUICK']}")
for path in sys.argv[1:]:
    t0 = time.time()
    nb = nbformat.read(path, as_version=4)
    declared = nb.metadata.get('kernelspec', {}).get('name')
    problem = None
    if declared != KERNEL:
        problem = f"metadata.kernelspec.name is {declared!r}; notebooks must use the '{KERNEL}' kernel"
    else:
        client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                                resources={'metadata': {'path': os.path.dirname(os.path.abspath(path))}})
        current = {}
        client.on_cell_start = lambda cell, cell_index: current.update(cell=cell, index=cell_index)
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as err:
            failed = current.get('cell')
            if failed is not None:
                problem = (f"cell {current['index']} failed:\n--- source ---\n" + failed.source.rstrip() +
                           "\n--- output ---\n" + (outputs_text(failed) or str(err).strip()))
            else:
                problem = str(err).strip()
        except Exception as err:  # kernel died, could not start, ...
            problem = f"{type(err).__name__}: {err}"
        nbformat.write(nb, os.path.join('.cache/notebooks', os.path.basename(path)))
        if problem is None:
            expected = nb.metadata.get('invlogic', {}).get('expect_outputs', [])
            text = '\n'.join(all_output_strings(nb))
            missing = [s for s in expected if s not in text]
            if missing:
                problem = f"outputs lack the expected strings {missing} (metadata.invlogic.expect_outputs)"
    status = 'ok  ' if problem is None else 'FAIL'
    print(f"{status} {path} ({time.time() - t0:.1f}s)", flush=True)
    if problem is not None:
        print('     ' + problem.replace('\n', '\n     '), flush=True)
        failures.append(path)

if failures:
    print(f"run-notebooks: {len(failures)} of {len(sys.argv) - 1} notebook(s) failed: {' '.join(failures)}")
    sys.exit(1)
print(f"run-notebooks: all {len(sys.argv) - 1} notebook(s) passed")
PY
