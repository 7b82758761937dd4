// Worker-thread entry for lib/parallel: workers start without the parent's TypeScript loader, so register
// tsx's CommonJS require hook first, then load the task module (a .ts file) named in workerData and serve
// tasks from the parent over the message port. Protocol (see pool.ts):
//   parent -> worker  { id, fn, arg }
//   worker -> parent  { id, ok: true, value } | { id, ok: false, error: { name, message, stack, parameter } }
'use strict';
const { parentPort, workerData } = require('worker_threads');
require('tsx/cjs');

let mod;
let loadError;
try {
  mod = require(workerData.module);
} catch (err) {
  loadError = err;
}

function serialize(err) {
  if (err && typeof err === 'object') {
    return {
      name: String(err.name || 'Error'),
      message: String(err.message || err),
      stack: err.stack ? String(err.stack) : undefined,
      parameter: err.parameter === undefined ? undefined : String(err.parameter),
    };
  }
  return { name: 'Error', message: String(err) };
}

parentPort.on('message', async (msg) => {
  const { id, fn, arg } = msg;
  try {
    if (loadError) throw loadError;
    const f = mod[fn];
    if (typeof f !== 'function') {
      throw new Error(`worker module ${workerData.module} has no exported function '${fn}'`);
    }
    const value = await f(arg);
    parentPort.postMessage({ id, ok: true, value });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: serialize(err) });
  }
});
