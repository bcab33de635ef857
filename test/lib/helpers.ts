// What the library tests share: the façade (src/index.ts, as a user imports it) and a view of the wasm
// backend's lifetime (WasmKernels.disposed, workerThreads) through the Kernels a model exposes.
export * from "../../src/index.js";

export interface WasmKernelsLike {
  readonly disposed: boolean;
  readonly workerThreads: readonly unknown[];
  alloc(n: number): Float32Array;
}
