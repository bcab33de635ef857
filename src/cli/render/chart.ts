// A compact line chart for the terminal (Unicode box drawing, like asciichart): one row per level,
// one column per point (resampled to `width`), y labels on the left. Several series share the axes,
// each drawn with its own colour function; the first one drawn last wins where they cross.
//   0.75 ┤╮
//   0.50 ┤╰─╮
//   0.25 ┤  ╰──────
import type { ChalkInstance } from "chalk";
import type { HistoryRow } from "../../io/index.js";

export interface ChartSeries {
  values: readonly (number | null)[];
  paint?: (s: string) => string;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  format?: (v: number) => string;
  /** Shrink by taking each bucket's first value (keeps jumps sharp, e.g. lr restarts) instead of its mean. */
  pick?: boolean;
}

/** `values` resampled to n points (mean of each bucket when shrinking; nulls kept as gaps). */
export function resample(values: readonly (number | null)[], n: number, pick = false): (number | null)[] {
  if (values.length <= n) return [...values];
  if (pick) return Array.from({ length: n }, (_, i) => values[Math.floor((i * values.length) / n)]);
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor((i * values.length) / n);
    const b = Math.max(a + 1, Math.floor(((i + 1) * values.length) / n));
    const v = values.slice(a, b).filter((x): x is number => x !== null && Number.isFinite(x));
    out.push(v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
  }
  return out;
}

/** The chart as lines of text (no trailing newline). */
export function asciiChart(series: readonly ChartSeries[], opts: ChartOptions = {}): string[] {
  const width = Math.max(2, opts.width ?? 60);
  const height = Math.max(2, opts.height ?? 8);
  const data = series.map((s) => resample(s.values, width, opts.pick));
  const all = data.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  if (all.length === 0) return [];
  let min = Math.min(...all);
  const max = Math.max(...all);
  let span = max - min;
  if (span === 0) {
    // A constant: centre it in a band of ±10% (±1 around 0).
    span = Math.abs(max) * 0.2 || 2;
    min = max - span / 2;
  }
  const fmt = opts.format ?? ((v: number) => labelFormat(v, span / (height - 1)));
  return draw(series, data, min, span, height, fmt);
}

/** A y label with enough decimals to tell rows `step` apart (exponent form for tiny values). */
export function labelFormat(v: number, step: number): string {
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  const d = Math.min(8, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
  return v.toFixed(d);
}

function draw(
  series: readonly ChartSeries[],
  data: (number | null)[][],
  min: number,
  span: number,
  height: number,
  fmt: (v: number) => string,
): string[] {
  const row = (v: number) => Math.round(((v - min) / span) * (height - 1));
  const cols = Math.max(...data.map((d) => d.length));
  const labels = Array.from({ length: height }, (_, r) => fmt(min + (span * r) / (height - 1)));
  const lw = Math.max(...labels.map((l) => l.length));
  const grid: string[][] = Array.from({ length: height }, () => Array<string>(cols).fill(" "));
  for (let si = data.length - 1; si >= 0; si--) {
    const d = data[si];
    const paint = series[si].paint ?? ((s: string) => s);
    for (let x = 0; x < d.length; x++) {
      const v = d[x];
      if (v === null || !Number.isFinite(v)) continue;
      const y = row(v);
      const next = d[x + 1];
      const ny = next === null || next === undefined || !Number.isFinite(next) ? y : row(next);
      if (ny === y) grid[y][x] = paint("─");
      else {
        grid[y][x] = paint(ny > y ? "╯" : "╮");
        grid[ny][x] = paint(ny > y ? "╭" : "╰");
        for (let k = Math.min(y, ny) + 1; k < Math.max(y, ny); k++) grid[k][x] = paint("│");
      }
    }
  }
  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) lines.push(`${labels[r].padStart(lw)} ┤${grid[r].join("")}`);
  return lines;
}

/** The after-fit loss curve (train, and validation when there is one), for a TTY. */
export function lossCurve(history: readonly HistoryRow[], c: ChalkInstance, columns = 80): string[] {
  if (history.length < 2) return [];
  const width = Math.min(Math.max(20, columns - 14), Math.max(history.length, 20), 72);
  const val = history.map((r) => (typeof r.val_loss === "number" ? r.val_loss : null));
  const hasVal = val.some((v) => v !== null);
  const series: ChartSeries[] = [{ values: history.map((r) => r.loss), paint: (s) => c.cyan(s) }];
  if (hasVal) series.push({ values: val, paint: (s) => c.yellow(s) });
  const chart = asciiChart(series, { width, height: 8 });
  const pad = chart.length ? chart[0].indexOf("┤") + 1 : 0;
  const n = String(history.length);
  return [
    `Loss per epoch: ${c.cyan("─ loss")}${hasVal ? `  ${c.yellow("─ val_loss")}` : ""}`,
    ...chart,
    `${" ".repeat(pad)}1${" ".repeat(Math.max(1, Math.min(width, history.length) - 1 - n.length))}${n}`,
  ];
}
