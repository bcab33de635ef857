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

/** Number of values of a tensor of `shape` (1 for []). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The row-major values w [shape] as nested plain-number arrays (model.json weights), e.g. [kh][kw][cin][filters]. */
export function toNested(w: Float32Array, shape: readonly number[]): unknown[] {
  if (shape.length <= 1) return fromFloat32(w.subarray(0, shape[0] ?? 1));
  const [d, ...rest] = shape;
  const step = sizeOf(rest);
  const out: unknown[] = [];
  for (let i = 0; i < d; i++) out.push(toNested(w.subarray(i * step, (i + 1) * step), rest));
  return out;
}

/** The shape of nested arrays of numbers with equal lengths at every level (a rectangular tensor), else null. */
export function nestedShape(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  if (v.length === 0 || !Array.isArray(v[0])) return v.every((x) => typeof x === "number") ? [v.length] : null;
  const inner = nestedShape(v[0]);
  if (inner === null) return null;
  for (let i = 1; i < v.length; i++) {
    const s = nestedShape(v[i]);
    if (s === null || s.length !== inner.length || s.some((d, j) => d !== inner[j])) return null;
  }
  return [v.length, ...inner];
}

/** Copy nested arrays of numbers (already checked by nestedShape) row-major into dst; returns the next offset. */
export function fromNested(v: unknown, dst: Float32Array, offset = 0): number {
  const a = v as unknown[];
  if (a.length === 0 || !Array.isArray(a[0])) {
    toFloat32(a as number[], dst, offset);
    return offset + a.length;
  }
  let o = offset;
  for (const row of a) o = fromNested(row, dst, o);
  return o;
}
