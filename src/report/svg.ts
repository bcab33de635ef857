// Small SVG helpers: escaping, number formatting for coordinates, and the shared chart frame.
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A coordinate with one decimal (enough for a screen, keeps the file small). */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** A value for a tooltip: 4 significant digits. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** Colours (Tableau 10): one per run, or per series within a run. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
export const colour = (i: number): string => PALETTE[i % PALETTE.length];
