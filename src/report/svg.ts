// Small SVG helpers: escaping, number formatting for coordinates, and the shared chart frame.
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A coordinate with one decimal (enough for a screen, keeps the file small). */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * Every number the report prints (cards, tables, tick labels, tooltips, notes): `digits` significant
 * digits (default 4) or, for columns that should line up, fixed `decimals`; exponent form with the
 * mantissa's trailing zeros dropped (2.158e+70, 1e-5) below 1e-4 and from 1e6 in magnitude.
 * "–" for a missing value, NaN or ±∞.
 */
export function num(v: number | null | undefined, opts: { digits?: number; decimals?: number } = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(Math.max(0, (opts.digits ?? 4) - 1)).replace(/\.?0+e/, "e");
  if (opts.decimals !== undefined) return v.toFixed(opts.decimals);
  return String(Number(v.toPrecision(opts.digits ?? 4)));
}

/** Colours (Tableau 10): one per run, or per series within a run. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
export const colour = (i: number): string => PALETTE[i % PALETTE.length];
