// Parallel coordinates as data and SVG: one vertical axis per dimension (linear, log or categories),
// one polyline per item through its value on each axis (a missing value leaves that axis out of its
// line), each with a <title> tooltip. The axis labels alternate between two rows so long key paths
// (optimizer.learning_rate) do not run into each other.
import { categoryScale, linearScale, tightLogScale, type Scale } from "./scale.js";
import { esc, px } from "./svg.js";

export interface ParallelAxis {
  label: string;
  kind: "linear" | "log" | "category";
  domain: [number, number];
  categories: string[];
}

export interface ParallelLine {
  name: string;
  /** data-kind of the polyline: "complete", "pruned", "best". */
  kind: string;
  colour: string;
  width: number;
  /** One value per axis (a category's index), null where the item has none. */
  values: (number | null)[];
  tip: string;
}

export interface ParallelChart {
  id: string;
  title: string;
  axes: ParallelAxis[];
  lines: ParallelLine[];
  note?: string;
}

export const PARALLEL_SIZE = { width: 1100, height: 360, left: 70, right: 70, top: 48, bottom: 20 };

function axisScale(a: ParallelAxis, range: [number, number]): Scale {
  if (a.kind === "category") return categoryScale(a.categories, range);
  if (a.kind === "log") return tightLogScale(a.domain[0], a.domain[1], range);
  return linearScale(a.domain[0], a.domain[1], range, 5);
}

/** The x of each axis and its scale; each line's points (pure: what the SVG draws). */
export function layoutParallel(chart: ParallelChart): { xs: number[]; scales: Scale[]; lines: { line: ParallelLine; points: [number, number][] }[] } {
  const { width, height, left, right, top, bottom } = PARALLEL_SIZE;
  const n = chart.axes.length;
  const xs = chart.axes.map((_, i) => (n === 1 ? width / 2 : left + ((width - left - right) * i) / (n - 1)));
  const scales = chart.axes.map((a) => axisScale(a, [height - bottom, top]));
  const lines = chart.lines.map((line) => ({
    line,
    points: line.values.flatMap((v, i) => (v === null || !Number.isFinite(v) ? [] : [[xs[i], scales[i].at(v)] as [number, number]])),
  }));
  return { xs, scales, lines };
}

export function renderParallel(chart: ParallelChart): string {
  const { width, height, top, bottom } = PARALLEL_SIZE;
  const { xs, scales, lines } = layoutParallel(chart);
  let s = `<svg class="chart parallel" data-chart="${esc(chart.id)}" data-lines="${lines.length}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.title)}">`;
  s += `<g class="lines">`;
  for (const { line, points } of lines) {
    const d = points.map(([x, y], i) => `${i ? "L" : "M"}${px(x)} ${px(y)}`).join("");
    s += `<path class="pc-line" data-kind="${esc(line.kind)}" data-series="${esc(line.name)}" data-points="${points.length}" d="${d}" stroke="${line.colour}" style="stroke-width:${line.width}"><title>${esc(line.tip)}</title></path>`;
  }
  s += `</g>`;
  chart.axes.forEach((a, i) => {
    const x = xs[i];
    const sc = scales[i];
    s += `<g class="axis pc-axis" data-axis="${esc(a.label)}" data-kind="${sc.kind}"><line x1="${px(x)}" x2="${px(x)}" y1="${top}" y2="${height - bottom}"/>`;
    for (const t of sc.ticks) {
      const y = px(sc.at(t));
      s += `<g class="tick"><line x1="${px(x - 4)}" x2="${px(x)}" y1="${y}" y2="${y}"/><text x="${px(x - 6)}" y="${px(sc.at(t) + 4)}" text-anchor="end">${esc(sc.format(t))}</text></g>`;
    }
    // centred on its axis, but kept inside the chart (12px labels: ~6.8 px per character)
    const text = `${a.label}${sc.kind === "log" ? " (log)" : ""}`;
    const half = (text.length * 6.8) / 2;
    const lx = Math.min(Math.max(x, half + 2), width - half - 2);
    s += `<text class="label" x="${px(lx)}" y="${i % 2 === 0 ? 16 : 32}" text-anchor="middle">${esc(text)}</text></g>`;
  });
  return s + `</svg>`;
}

export function parallelCard(chart: ParallelChart): string {
  return `<figure class="card wide"><figcaption>${esc(chart.title)}</figcaption>${renderParallel(chart)}${chart.note ? `<p class="note">${esc(chart.note)}</p>` : ""}</figure>`;
}
