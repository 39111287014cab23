import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A compiled `WebAssembly.Module`. Typed opaquely: the project's type libraries (ES2023 +
 * @types/node 20) declare neither the `WebAssembly` global nor its namespace.
 */
export interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}

// The global's part this module uses, declared here for the reason above.
declare const WebAssembly: {
  Module: abstract new (...args: never[]) => WasmModule;
  compile(bytes: Uint8Array | ArrayBuffer): Promise<WasmModule>;
};

const wasmApi = WebAssembly;

/** Where the worker loads jq-wasm's JavaScript glue from (its CommonJS entry). */
export function defaultJqModulePath(): string {
  return require.resolve('jq-wasm');
}

let defaultModule: Promise<WasmModule> | undefined;

/**
 * Compiles `jq.wasm` once per process; every worker instantiates from the same module.
 * Callers that bundle the wasm (the Action) pass bytes or a module instead.
 */
export function loadJqWasmModule(
  source?: WasmModule | Uint8Array | ArrayBuffer,
): Promise<WasmModule> {
  if (source instanceof wasmApi.Module) return Promise.resolve(source);
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return wasmApi.compile(source);
  defaultModule ??= readFile(require.resolve('jq-wasm/jq.wasm')).then((bytes) =>
    wasmApi.compile(bytes),
  );
  return defaultModule;
}
