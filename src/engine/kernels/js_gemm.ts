// JsKernels.gemm: C[m,n] = beta*C + op(A)·op(B) in plain TypeScript, one loop nest per transposition
// pattern, ordered so the innermost loop runs over contiguous memory (see Kernels.gemm for the shapes).

export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Float32Array,
  B: Float32Array,
  beta: 0 | 1,
  C: Float32Array,
): void {
  if (beta === 0) C.fill(0, 0, m * n);
  if (!transA && !transB) {
    // C[i,:] += A[i,p] * B[p,:]
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      const ai = i * k;
      for (let p = 0; p < k; p++) {
        const a = A[ai + p];
        if (a === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
      }
    }
  } else if (transA && !transB) {
    // A stored [k,m]: C[i,:] += A[p,i] * B[p,:]
    for (let p = 0; p < k; p++) {
      const ap = p * m;
      const bp = p * n;
      for (let i = 0; i < m; i++) {
        const a = A[ap + i];
        if (a === 0) continue;
        const ci = i * n;
        for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
      }
    }
  } else if (!transA && transB) {
    // B stored [n,k]: C[i,j] += A[i,:] · B[j,:]
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
        C[ci + j] += s;
      }
    }
  } else {
    // A stored [k,m], B stored [n,k]: C[i,j] += Σ_p A[p,i] B[j,p]
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[p * m + i] * B[bj + p];
        C[ci + j] += s;
      }
    }
  }
}
