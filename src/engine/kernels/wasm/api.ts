// The few WebAssembly JS-API types this backend uses. The project's lib (ES2023, no DOM) does not
// declare the WebAssembly global, and a global declaration here could clash with one added later, so
// the global is read once through globalThis with these local types.

export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
/** Opaque compiled module (cloneable to worker threads). */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  validate(bytes: Uint8Array): boolean;
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
