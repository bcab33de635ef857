// The whole WebAssembly module as WAT text: it imports one shared memory (env.memory, so that worker
// threads run the same code on the same buffers) and exports the gemm, elementwise, image-window and batch-normalization kernels.
import { elementwiseWat } from "./elementwise.js";
import { gemmWat, SWIZZLE_TABLE, VALUES } from "./gemm.js";
import { windowWat } from "./window.js";
import { batchNormWat } from "./batch_norm.js";

export { SWIZZLE_TABLE };
/** Largest k of gemm_rows_sparse (a row's list and 16 bytes of slack fit in VALUES bytes). */
export const SPARSE_MAX_K = (VALUES - 16) / 4;

/** Rows per gemm micro-kernel tile (2*RMAX f32x4 accumulators + 3 temporaries must fit 15 xmm). */
export const RMAX = 4;

/** Largest memory in 64 KiB pages (4 GiB: the wasm32 limit). */
const MAX_PAGES = 65536;

/**
 * @param {number} rmax rows per gemm micro-kernel tile
 * @param {{ fma?: boolean }} opts fma: gemm multiply-adds as relaxed SIMD fused multiply-adds (gemm.js)
 */
export function moduleWat(rmax = RMAX, { fma = false } = {}) {
  return `(module
(import "env" "memory" (memory 1 ${MAX_PAGES} shared))
${gemmWat(rmax, fma)}
${elementwiseWat()}
${windowWat()}
${batchNormWat()}
)`;
}
