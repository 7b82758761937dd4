/**
 * The one loader of the hand-written WebAssembly kernels (lib/samplers/wasm/<name>.wat, built into <name>.wasm
 * by `npm run build:wasm`): the slice of the WebAssembly JS API they use (tsconfig's lib has no WebAssembly
 * types), each module compiled once per process, and an instance over a fresh memory per run. Each kernel
 * decides what a missing or unsupported module means (an error naming its option, or a fallback kernel).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface WasmModule {
  /** The compiled module; null when `status` is not 'ok'. */
  module: object | null;
  /** 'missing': the .wasm file is absent; 'unsupported': no WebAssembly, or this runtime rejects the module (e.g. no SIMD). */
  status: 'ok' | 'missing' | 'unsupported';
  /** Path of the .wasm file. */
  file: string;
}

const cache = new Map<string, WasmModule>();

/**
 * lib/samplers/wasm/<name>.wasm, compiled once. `optimizeAtOnce` compiles with V8's optimizing tier directly:
 * for kernels run as single long calls, since V8 swaps its baseline (Liftoff) code for optimized code only
 * between calls, so a long first call would run at baseline speed.
 */
export function wasmModule(name: string, opts: { optimizeAtOnce?: boolean } = {}): WasmModule {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = path.join(__dirname, 'wasm', `${name}.wasm`);
  let loaded: WasmModule;
  if (!fs.existsSync(file)) loaded = { module: null, status: 'missing', file };
  else {
    const bytes = fs.readFileSync(file);
    if (!WA || !WA.validate(bytes)) loaded = { module: null, status: 'unsupported', file };
    else {
      if (opts.optimizeAtOnce) v8.setFlagsFromString('--no-liftoff');
      try {
        loaded = { module: new WA.Module(bytes), status: 'ok', file };
      } finally {
        if (opts.optimizeAtOnce) v8.setFlagsFromString('--liftoff');
      }
    }
  }
  cache.set(name, loaded);
  return loaded;
}

/**
 * An instance of `module` over a fresh memory of `pages` 64 KiB pages, imported as env.memory; `fns` are its
 * exports (not destructured as `exports`: a local of that name breaks the CommonJS output tslab runs).
 */
export function instantiateWasm(
  module: object,
  pages: number,
): { memory: { buffer: ArrayBuffer }; fns: Record<string, unknown> } {
  const memory = new WA!.Memory({ initial: pages });
  const instance = new WA!.Instance(module, { env: { memory } });
  return { memory, fns: instance.exports };
}
