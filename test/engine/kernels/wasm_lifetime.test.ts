// A wasm backend's lifetime: each createKernels() is a backend of its own, and dispose() ends its worker
// thread, makes every later call throw, and leaves nothing of the backend referring to its memory (which
// is then freed with the arrays it handed out: a WebAssembly.Memory cannot shrink, only be dropped).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createKernels, WasmKernels } from "../../../src/engine/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage after the current job (WeakRefs read in this job stay alive until it ends). */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
}

describe("wasm backend lifetime", () => {
  it("createKernels returns a new backend each time: disposing one leaves the other working", () => {
    const a = createKernels();
    const b = createKernels();
    expect(a).not.toBe(b);
    const x = b.alloc(4);
    x.set([1, 2, 3, 4]);
    a.dispose();
    expect(b.sumSquares(4, x)).toBe(30);
    b.dispose();
  });

  it("dispose ends the worker thread (it exits: threadId -1) and is idempotent", async () => {
    const k = new WasmKernels({ threads: 2 });
    expect(await k.ready()).toBe(true);
    const workers = [...k.workerThreads];
    expect(workers).toHaveLength(1);
    expect(workers[0].threadId).toBeGreaterThan(0);
    k.dispose();
    k.dispose();
    await k.whenExited();
    expect(workers[0].threadId).toBe(-1);
    expect(k.workerThreads).toEqual([]);
    expect(k.disposed).toBe(true);
  });

  it("every kernel throws a clear error after dispose, on its own arrays and on others", () => {
    const k = new WasmKernels({ threads: 2 });
    const A = k.alloc(16);
    const plain = new Float32Array(16);
    k.dispose();
    expect(() => k.gemm(false, false, 4, 4, 4, A, A, 0, A)).toThrowErrorMatchingInlineSnapshot(
      `[Error: the wasm-simd-fma x2 kernels were used after dispose(): their memory is gone; create another backend (createKernels())]`,
    );
    expect(() => k.alloc(4)).toThrow(/used after dispose\(\)/);
    expect(() => k.gemm(false, false, 4, 4, 4, plain, plain, 0, plain)).toThrow(/used after dispose\(\)/);
    expect(() => k.adamStep(16, A, A, A, A, 0.1, 0.9, 0.999, 1e-7, 0.1, 0.001, 0)).toThrow(/used after dispose\(\)/);
    expect(() => k.softmaxCrossEntropy(4, 4, plain, plain, plain, null, 1)).toThrow(/used after dispose\(\)/);
    expect(() => k.gatherRows(1, 4, A, Int32Array.of(0), A)).toThrow(/used after dispose\(\)/);
    expect(k.owns(A)).toBe(false);
  });

  it("a disposed backend no longer references its memory or its buffers: they are collected once its arrays are dropped (a live one keeps them)", async () => {
    // Weak references to the memory (a private field) and to its buffer objects: the one at the start
    // (the control block's views are on it) and the one after a few grows (the memory returns that one);
    // the memory is freed only when all of them are unreachable.
    const refs = (k: WasmKernels) => {
      const first = k.alloc(0).buffer;
      const x = k.alloc(1 << 18); // 1 MB: the memory grows
      x.fill(1);
      k.sumSquares(x.length, x);
      k.gemm(false, false, 1, 1, 1024, x, x, 0, k.alloc(1));
      const last = k.alloc(0).buffer;
      expect(last).not.toBe(first);
      return [new WeakRef((k as unknown as { memory: object }).memory), new WeakRef(first), new WeakRef(last)];
    };
    // each right after its construction (a grow of any shared memory may give the others new buffer
    // objects: `first` is then the control block's only if no other memory grew in between)
    const disposed = new WasmKernels({ threads: 2 });
    const gone = refs(disposed);
    const live = new WasmKernels({ threads: 2 });
    const kept = refs(live);
    disposed.dispose();
    await disposed.whenExited();
    await collect();
    expect(gone.map((r) => r.deref())).toEqual([undefined, undefined, undefined]);
    // the check sees a reference where there is one: the live backend's views and memory hold both
    expect(kept.map((r) => r.deref() === undefined)).toEqual([false, false, false]);
    expect(live.disposed).toBe(false);
    live.dispose();
  });
});
