// Tensors are contiguous row-major Float32Arrays with their shape kept beside them. This file holds the
// conversions between them and plain JSON numbers (model.json, checkpoints).

/**
 * The float32 values as plain numbers, each written with the fewest digits that read back as the same
 * float32 (0.1 rather than 0.10000000149011612): smaller files, exact round-trip.
 */
export function fromFloat32(a: Float32Array | readonly number[]): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = shortestFloat32(a[i]);
  return out;
}

/** The float32 nearest `v`, as the number with the fewest decimal digits that reads back as it. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v === 0 ? 0 : v;
  const f = Math.fround(v);
  for (let p = 1; p < 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return s;
  }
  return Number(f.toPrecision(9));
}

/** Copy plain numbers into dst starting at `offset` (rounded to float32). */
export function toFloat32(src: readonly number[], dst: Float32Array, offset: number): void {
  for (let i = 0; i < src.length; i++) dst[offset + i] = src[i];
}
