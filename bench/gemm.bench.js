// Matrix-product micro-benchmark on the REF-MLP shapes (784 -> 128 relu -> 10), batch 32 and 256:
// forward x·W, weight gradient xᵀ·dz and input gradient dz·Wᵀ of both layers, for the JS backend and
// the WebAssembly SIMD backend on 1 thread, on 2 threads (every shape split) and with its default
// per-shape choice (split from GEMM_THREAD_MIN multiply-adds), all in this one process. Each figure is the median
// GFLOP/s (2·m·n·k flops per call) of SAMPLES samples of >= ~50 ms of back-to-back calls.
// REF-MLP itself skips layer 1's input gradient (marked "unused"). Env: BENCH_SAMPLES (default 5).
import { JsKernels } from "../dist/engine/kernels/js.js";
import { WasmKernels } from "../dist/engine/kernels/wasm/wasm.js";
import { median } from "./median.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);

function shapes(b) {
  // [label, transA, transB, m, n, k]
  return [
    [`L1 forward  x·W     ${b}x784 · 784x128`, false, false, b, 128, 784],
    [`L1 dW       xᵀ·dz   784x${b} · ${b}x128`, true, false, 784, 128, b],
    [`L1 dx       dz·Wᵀ   ${b}x128 · 128x784 (unused)`, false, true, b, 784, 128],
    [`L2 forward  h·W     ${b}x128 · 128x10`, false, false, b, 10, 128],
    [`L2 dW       hᵀ·dz   128x${b} · ${b}x10`, true, false, 128, 10, b],
    [`L2 dx       dz·Wᵀ   ${b}x10 · 10x128`, false, true, b, 128, 10],
  ];
}

function measure(k, [, ta, tb, m, n, kk]) {
  const A = k.alloc(m * kk);
  const B = k.alloc(kk * n);
  const C = k.alloc(m * n);
  for (let i = 0; i < A.length; i++) A[i] = Math.sin(i) * 0.5;
  for (let i = 0; i < B.length; i++) B[i] = Math.cos(i) * 0.5;
  const flop = 2 * m * n * kk;
  let reps = 1;
  // calibrate: enough calls for ~50 ms
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) k.gemm(ta, tb, m, n, kk, A, B, 0, C);
    const dt = performance.now() - t0;
    if (dt > 50) break;
    reps *= dt < 5 ? 10 : 2;
  }
  const rates = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) k.gemm(ta, tb, m, n, kk, A, B, 0, C);
    rates.push((flop * reps) / ((performance.now() - t0) / 1000) / 1e9);
  }
  return median(rates);
}

// x2 splits every shape (gemmThreadMin 0) to show where threads pay; "auto" is the default threshold.
const forced = new WasmKernels({ threads: 2, gemmThreadMin: 0 });
const auto = new WasmKernels({ threads: 2 });
const backends = [new JsKernels(), new WasmKernels({ threads: 1 }), forced, auto];
const names = ["js", "wasm 1 thread", "wasm 2 threads", "wasm auto (default)"];
await forced.ready();
await auto.ready();
console.log(`gemm GFLOP/s, median of ${SAMPLES} samples, node ${process.version}`);
console.log(`| shape | ${names.join(" | ")} |`);
console.log(`|---|${backends.map(() => "---:").join("|")}|`);
for (const b of [32, 256]) {
  for (const s of shapes(b)) {
    const r = backends.map((k) => measure(k, s).toFixed(2));
    console.log(`| ${s[0]} | ${r.join(" | ")} |`);
  }
}
for (const k of backends) k.dispose();
