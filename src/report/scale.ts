// Axis scales for the report's SVG charts: a domain of data values mapped onto a range of pixels, with
// "nice" ticks (1, 2, 2.5, 5 × 10^k on a linear axis; 1, 2, 5 × 10^k or whole decades on a log axis).
import { num } from "./svg.js";

export interface Scale {
  kind: "linear" | "log" | "category";
  /** Data interval shown (snapped outwards to ticks). */
  domain: [number, number];
  /** Pixel interval it maps onto (y axes run downwards: range [bottom, top]). */
  range: [number, number];
  ticks: number[];
  /** Pixel position of a data value. */
  at(v: number): number;
  /** Tick label text. */
  format(v: number): string;
}

/** The nice step (1, 2, 2.5, 5 × 10^k) closest above span / count. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw * 0.999999) return m * p;
  return 10 * p;
}

/** Ticks k·step covering [lo, hi] (the first ≤ lo, the last ≥ hi), about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (lo === hi) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  }
  const step = niceStep(hi - lo, count);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Decimals needed to print ticks `step` apart without two looking the same. */
function decimalsFor(step: number): number {
  let d = 0;
  while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6 * step * 10 ** d) d++;
  return d;
}

/** A tick label (through num): the step's decimals, or in exponent form the digits that tell ticks apart. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return num(v, { digits: Math.min(4, Math.max(1, Math.floor(Math.log10(a)) - Math.floor(Math.log10(step)) + 1)) });
  return num(v, { decimals: decimalsFor(step) });
}

export function linearScale(lo: number, hi: number, range: [number, number], count = 5, snap = true): Scale {
  const ticks = niceTicks(lo, hi, count);
  const domain: [number, number] = snap ? [ticks[0], ticks[ticks.length - 1]] : [lo, hi];
  const shown = snap ? ticks : ticks.filter((t) => t >= lo - 1e-12 && t <= hi + 1e-12);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  const [d0, d1] = domain;
  const k = (range[1] - range[0]) / (d1 - d0 || 1);
  return {
    kind: "linear",
    domain,
    range,
    ticks: shown,
    at: (v) => range[0] + (v - d0) * k,
    format: (v) => formatTick(v, step),
  };
}

/**
 * Integer ticks for epochs 1..n (steps of 1, 2, 5, 10, ...; the domain is exactly [1, n]); with
 * `first` 0, for trial numbers 0..n.
 */
export function epochScale(n: number, range: [number, number], count = 8, first = 1): Scale {
  const hi = Math.max(first + 1, n);
  const step = Math.max(1, niceStep(hi - first, count));
  const intStep = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => s >= step) ?? Math.ceil(step);
  const ticks = [first];
  for (let t = intStep; t <= hi; t += intStep) if (t > first) ticks.push(t);
  const k = (range[1] - range[0]) / (hi - first);
  return { kind: "linear", domain: [first, hi], range, ticks, at: (v) => range[0] + (v - first) * k, format: (v) => String(v) };
}

/**
 * Categories (a choice's values) at 0, 1, ..., n-1, each in the middle of its band of the range; the
 * tick labels are the categories' names.
 */
export function categoryScale(labels: readonly string[], range: [number, number]): Scale {
  const n = Math.max(1, labels.length);
  const k = (range[1] - range[0]) / n;
  return {
    kind: "category",
    domain: [-0.5, n - 0.5],
    range,
    ticks: labels.map((_, i) => i),
    at: (v) => range[0] + (v + 0.5) * k,
    format: (v) => labels[Math.round(v)] ?? "",
  };
}

/** Whole decades per tick step on a log axis: 1, 2, 5, 10, 20, ... so that at most 9 decade ticks show. */
export function decadeStride(decades: number): number {
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (decades / (m * p) <= 8) return m * p;
}

/**
 * A log10 axis for positive values spanning more than ~1.5 decades (e.g. a regression loss): the domain
 * is whole decades; ticks at 1-2-5 within up to 2 decades, at every decade up to 8, and beyond that at
 * every `decadeStride`-th decade (a diverged run's loss spans 70 decades: 10^30, 10^40, ...).
 */
export function logScale(lo: number, hi: number, range: [number, number]): Scale {
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const decades = Math.max(1, e1 - e0);
  const mult = decades <= 2 ? [1, 2, 5] : [1];
  const stride = decadeStride(decades);
  const ticks: number[] = [];
  for (let e = Math.ceil(e0 / stride) * stride; e <= e1; e += stride)
    for (const m of mult) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= 10 ** e0 && t <= 10 ** e1) ticks.push(t);
    }
  const k = (range[1] - range[0]) / decades;
  return {
    kind: "log",
    domain: [10 ** e0, 10 ** e1],
    range,
    ticks,
    at: (v) => range[0] + (Math.log10(Math.max(v, 1e-300)) - e0) * k,
    format: (v) => num(v, { digits: 3 }),
  };
}

/** Linear, or log when every value is positive and they span more than 1.5 decades. */
export function autoScale(values: readonly number[], range: [number, number], count = 5): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return linearScale(0, 1, range, count);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (lo > 0 && hi / lo > 10 ** 1.5) return logScale(lo, hi, range);
  const pad = (hi - lo) * 0.04;
  return linearScale(lo - (lo >= 0 && lo - pad < 0 ? lo : pad), hi + pad, range, count);
}

/**
 * A log10 axis over exactly [lo, hi] (a search space's bounds: the whole decades around 8..128 would
 * leave most of the axis empty), ticked at 1-2-5 × 10^k inside it (every 1..9 × 10^k when that gives
 * fewer than 3 ticks; just the ends when even that does not).
 */
export function tightLogScale(lo: number, hi: number, range: [number, number]): Scale {
  const l0 = Math.log10(lo);
  const l1 = Math.log10(hi);
  const inside = (mult: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(l0); e <= Math.ceil(l1); e++)
      for (const m of mult) {
        const t = Number((m * 10 ** e).toPrecision(12));
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push(t);
      }
    return out;
  };
  const decades = l1 - l0;
  let ticks = inside(decades > 8 ? [1] : decades > 2 ? [1, 3] : [1, 2, 5]);
  if (ticks.length > 9) ticks = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  if (ticks.length < 3) ticks = inside([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  if (ticks.length > 9) ticks = inside([1, 2, 5]);
  if (ticks.length < 2) ticks = [lo, hi];
  const k = (range[1] - range[0]) / (l1 - l0 || 1);
  return {
    kind: "log",
    domain: [lo, hi],
    range,
    ticks,
    at: (v) => range[0] + (Math.log10(Math.max(v, 1e-300)) - l0) * k,
    format: (v) => num(v, { digits: 3 }),
  };
}
