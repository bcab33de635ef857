// The kernel interface: the few numeric routines the layers, losses and optimizers need, behind one
// object so a faster backend (WebAssembly SIMD, worker threads) can replace the plain TypeScript one
// without touching a layer. Matrices are row-major Float32Arrays.
//
// Rule for every caller: buffers that kernels touch are created with `alloc`, once, and reused across
// steps. A backend may hand out views of its own memory (a WebAssembly.Memory) so that no kernel call
// copies its operands.

export interface Kernels {
  readonly name: string;

  /** A zeroed Float32Array of `length` floats that this backend's kernels can use without copying. */
  alloc(length: number): Float32Array;

  /**
   * General matrix product in the three patterns backprop needs:
   *   C[m,n] = beta*C + op(A)·op(B), op(A) [m,k], op(B) [k,n]
   * transA: A is stored [k,m] (Aᵀ·B, for dW = xᵀ·dy); transB: B is stored [n,k] (A·Bᵀ, for dx = dy·Wᵀ).
   * beta is 0 (overwrite) or 1 (accumulate).
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    A: Float32Array,
    B: Float32Array,
    beta: 0 | 1,
    C: Float32Array,
  ): void;
}
