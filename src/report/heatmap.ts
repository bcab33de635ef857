// The confusion matrix as an SVG heat map: rows = true class, columns = predicted class; each cell's
// shade is its row-normalised value (so a rare class reads as clearly as a common one), its text the
// count or the row fraction.
import { esc, px } from "./svg.js";

export interface Heatmap {
  id: string;
  title: string;
  labels: string[];
  /** Cell text values (counts or fractions). */
  values: number[][];
  /** Shade of each cell in [0, 1]. */
  shade: number[][];
  format: (v: number) => string;
}

/** Blend white → the report's blue by t in [0, 1]. */
export function shadeColour(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.min(1, Math.max(0, t)));
  return `rgb(${c(247, 33)},${c(251, 84)},${c(255, 145)})`;
}

export function renderHeatmap(h: Heatmap): string {
  const n = h.labels.length;
  const cell = Math.max(26, Math.min(64, Math.floor(320 / Math.max(1, n))));
  const longest = Math.max(...h.labels.map((l) => l.length));
  const left = Math.min(130, 22 + longest * 7.2);
  const top = 44;
  const width = left + n * cell + 10;
  const height = top + n * cell + 40;
  let s = `<svg class="chart heatmap" data-chart="${esc(h.id)}" data-cells="${n * n}" viewBox="0 0 ${px(width)} ${height}" style="max-width:${px(width * 1.15)}px" role="img" aria-label="${esc(h.title)}">`;
  s += `<text class="label" x="${px(left + (n * cell) / 2)}" y="13" text-anchor="middle">predicted</text>`;
  s += `<text class="label" transform="translate(10 ${px(top + (n * cell) / 2)}) rotate(-90)" text-anchor="middle">true</text>`;
  h.labels.forEach((l, j) => {
    s += `<text class="tick-label" x="${px(left + j * cell + cell / 2)}" y="${top - 7}" text-anchor="middle">${esc(l.length > 9 && n > 4 ? l.slice(0, 8) + "…" : l)}</text>`;
  });
  h.labels.forEach((l, i) => {
    s += `<text class="tick-label" x="${px(left - 6)}" y="${px(top + i * cell + cell / 2 + 4)}" text-anchor="end">${esc(l)}</text>`;
    h.labels.forEach((p, j) => {
      const t = h.shade[i]?.[j] ?? 0;
      const x = left + j * cell;
      const y = top + i * cell;
      s += `<g class="cell"><rect x="${px(x)}" y="${px(y)}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="${shadeColour(t)}"/>`;
      s += `<text x="${px(x + cell / 2 - 1)}" y="${px(y + cell / 2 + 4)}" text-anchor="middle" style="fill:${t > 0.55 ? "#fff" : "#1f2937"}">${esc(h.format(h.values[i]?.[j] ?? 0))}</text>`;
      s += `<title>true ${esc(l)}, predicted ${esc(p)}: ${esc(h.format(h.values[i]?.[j] ?? 0))}</title></g>`;
    });
  });
  return s + `</svg>`;
}

export function heatmapCard(h: Heatmap): string {
  return `<figure class="card heatmap-card"><figcaption>${esc(h.title)}</figcaption>${renderHeatmap(h)}</figure>`;
}
