// A line chart as data (LineChart: series of (x, y) points, vertical markers) and its SVG rendering:
// axes with ticks and labels, grid lines, one path per series (gaps where y is null), a <circle> with a
// <title> tooltip per point, markers as dashed vertical lines whose labels sit in lanes above the plot
// area (so they never cover a curve, and never each other). layoutLineChart is pure and tested; the
// browser test checks the rendered paths against `data-points` and the labels' boxes.
import { autoScale, categoryScale, epochScale, linearScale, tightLogScale, type Scale } from "./scale.js";
import { esc, num, px } from "./svg.js";

export interface Series {
  name: string;
  colour: string;
  dashed?: boolean;
  /** Stroke width (default 2): ROC curves that coincide are drawn wide under narrow. */
  width?: number;
  /** Draw points only (a scatter plot), no line. */
  pointsOnly?: boolean;
  /** Point radius (default 3.5 on a line, 3 in a scatter). */
  radius?: number;
  /** Each point's tooltip (default: the series name, the x label and the values). */
  tips?: string[];
  /** What the series stands for (data-kind on its path and points: "pruned", "best", ...). */
  kind?: string;
  points: [number, number | null][];
}

export interface Marker {
  x: number;
  label: string;
  colour: string;
}

export interface LineChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /**
   * "epoch": integer x from 1; "index": integer x from 0 (trial numbers); "unit": x and y in [0, 1]
   * (ROC); "auto": nice linear; "log": log10 over xDomain; "category": x = 0..n-1, named by categories.
   */
  xKind: "epoch" | "index" | "unit" | "auto" | "log" | "category";
  /** The x interval to show (default: the points'); log: exactly this interval. */
  xDomain?: [number, number];
  categories?: string[];
  /** auto: linear or log (autoScale); unit: [0, 1]; fraction: up to exactly 1 (accuracy, f1, ...). */
  yKind?: "auto" | "unit" | "linear" | "fraction";
  series: Series[];
  markers?: Marker[];
  /** A reference line from (x0, y0) to (x1, y1), e.g. the ROC diagonal or y = x. */
  reference?: [number, number, number, number];
  /** A caption under the chart. */
  note?: string;
  /** The legend's entries (default: one per series). */
  legend?: { name: string; colour: string; dashed?: boolean; pointsOnly?: boolean }[];
}

/** The chart's frame without marker lanes; each lane of marker labels adds LANE px above the plot. */
export const SIZE = { width: 560, height: 300, left: 66, right: 18, top: 14, bottom: 46 };
export const LANE = 15;
/** An estimate of a marker label's width, on the generous side (11px semibold: ~0.56 em per character). */
const labelWidth = (label: string): number => label.length * 6.2;
/** Room left between two labels of a lane, and between a label and its marker line. */
const GAP = 6;
const OFFSET = 4;

export interface MarkerLabel {
  marker: Marker;
  /** Pixel x of the marker line. */
  x: number;
  anchor: "start" | "end";
  /** Lane from the plot upwards (0: just above the plot area). */
  lane: number;
  /** Text baseline. */
  baseline: number;
  /** Estimated text box [x0, x1]. */
  span: [number, number];
  /** The marker line runs up to its label (it crosses no label of a lower lane), else it stops at the plot. */
  reach: boolean;
}

export interface LineLayout {
  x: Scale;
  y: Scale;
  /** The SVG's height and the plot area's top (below the marker lanes). */
  height: number;
  top: number;
  /** Per series: pixel points (null for gaps). */
  paths: { series: Series; pixels: ([number, number] | null)[]; d: string; count: number }[];
  labels: MarkerLabel[];
}

/**
 * Marker labels in lanes above the plot, left to right: each takes the lowest lane where its text (right
 * of its line, or left of it when the right side runs out of the chart) leaves GAP px to every label of
 * the lane. `reach` says whether the line can run up to its label without crossing a lower lane's label.
 */
export function placeMarkerLabels(markers: readonly Marker[], x: Scale, bounds: [number, number]): Omit<MarkerLabel, "baseline">[] {
  const lanes: [number, number][][] = [];
  const free = (lane: number, [a, b]: [number, number]) => (lanes[lane] ?? []).every(([c, d]) => b + GAP <= c || a >= d + GAP);
  const order = markers.map((m, i) => ({ m, i, mx: x.at(m.x) })).sort((p, q) => p.mx - q.mx || p.i - q.i);
  const placed: (Omit<MarkerLabel, "baseline"> & { i: number })[] = [];
  for (const { m, i, mx } of order) {
    const w = labelWidth(m.label);
    const x0 = Math.min(mx + OFFSET, bounds[1] - w); // pushed left only when neither side has room
    const start: ["start", [number, number]] = ["start", [x0, x0 + w]];
    const end: ["end", [number, number]] = ["end", [mx - OFFSET - w, mx - OFFSET]];
    const fitsStart = mx + OFFSET + w <= bounds[1];
    const fitsEnd = end[1][0] >= bounds[0];
    const tries = [...(fitsStart || !fitsEnd ? [start] : []), ...(fitsEnd ? [end] : [])];
    for (let lane = 0; ; lane++) {
      const hit = tries.find(([, span]) => free(lane, span));
      if (!hit) continue;
      (lanes[lane] ??= []).push(hit[1]);
      placed.push({ marker: m, x: mx, anchor: hit[0], lane, span: hit[1], reach: false, i });
      break;
    }
  }
  for (const p of placed) p.reach = placed.every((q) => q.lane >= p.lane || p.x < q.span[0] - 1 || p.x > q.span[1] + 1);
  return placed.sort((p, q) => p.i - q.i).map(({ i: _, ...l }) => l);
}

/** Scales, pixel paths and marker labels of a chart (pure: what the SVG draws). */
export function layoutLineChart(chart: LineChart): LineLayout {
  const { width, left, right, bottom } = SIZE;
  const xr: [number, number] = [left, width - right];
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = chart.series.flatMap((s) => s.points.flatMap((p) => (p[1] === null || !Number.isFinite(p[1]) ? [] : [p[1]])));
  if (chart.reference) (xs.push(chart.reference[0], chart.reference[2]), chart.yKind !== "auto" && ys.push(chart.reference[1], chart.reference[3]));
  if (chart.xDomain) xs.push(...chart.xDomain);
  const x =
    chart.xKind === "epoch" ? epochScale(Math.max(1, ...xs), xr)
    : chart.xKind === "index" ? epochScale(Math.max(1, ...xs), xr, 8, 0)
    : chart.xKind === "unit" ? linearScale(0, 1, xr, 5)
    : chart.xKind === "category" ? categoryScale(chart.categories ?? [], xr)
    : chart.xKind === "log" ? tightLogScale(Math.min(...xs), Math.max(...xs), xr)
    : linearScale(Math.min(...xs), Math.max(...xs), xr, 6);
  const placed = placeMarkerLabels(chart.markers ?? [], x, [left, width - 2]);
  const lanes = placed.reduce((n, l) => Math.max(n, l.lane + 1), 0);
  // 4 px more under the lanes: a point's circle on the plot's top edge reaches 3.5 px above it.
  const band = lanes === 0 ? 0 : lanes * LANE + 4;
  const top = SIZE.top + band;
  const height = SIZE.height + band;
  const labels = placed.map((l) => ({ ...l, baseline: top - 9 - l.lane * LANE }));
  const yr: [number, number] = [height - bottom, top];
  const y =
    chart.yKind === "unit" ? linearScale(0, 1, yr, 5)
    : chart.yKind === "linear" ? linearScale(Math.min(...ys), Math.max(...ys), yr, 5)
    : chart.yKind === "fraction" ? linearScale(Math.min(...ys), 1, yr, 5)
    : autoScale(ys, yr, 5);
  const paths = chart.series.map((series) => {
    const pixels = series.points.map(([a, b]) => (b === null || !Number.isFinite(b) ? null : ([x.at(a), y.at(b)] as [number, number])));
    let d = "";
    let pen = false;
    for (const p of pixels) {
      if (p === null) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${px(p[0])} ${px(p[1])}`;
      pen = true;
    }
    return { series, pixels, d, count: pixels.filter((p) => p !== null).length };
  });
  return { x, y, height, top, paths, labels };
}

function axes(x: Scale, y: Scale, xLabel: string, yLabel: string, height: number, top: number): string {
  const { width, left, right, bottom } = SIZE;
  const y0 = height - bottom;
  let s = `<g class="grid">`;
  for (const t of y.ticks) s += `<line x1="${left}" x2="${width - right}" y1="${px(y.at(t))}" y2="${px(y.at(t))}"/>`;
  for (const t of x.ticks) s += `<line x1="${px(x.at(t))}" x2="${px(x.at(t))}" y1="${top}" y2="${y0}"/>`;
  s += `</g><g class="axis x-axis"><line x1="${left}" x2="${width - right}" y1="${y0}" y2="${y0}"/>`;
  for (const t of x.ticks) {
    // A label centred on the last tick can run past the chart's right edge (-2.5e+36): end it at the edge.
    const text = x.format(t);
    const edge = x.at(t) + (text.length * 6) / 2 > width - 1;
    s += `<g class="tick"><line x1="${px(x.at(t))}" x2="${px(x.at(t))}" y1="${y0}" y2="${y0 + 5}"/><text x="${edge ? width - 1 : px(x.at(t))}" y="${y0 + 18}" text-anchor="${edge ? "end" : "middle"}">${esc(text)}</text></g>`;
  }
  s += `<text class="label" x="${px((left + width - right) / 2)}" y="${height - 6}" text-anchor="middle">${esc(xLabel)}${x.kind === "log" ? " (log scale)" : ""}</text></g>`;
  s += `<g class="axis y-axis"><line x1="${left}" x2="${left}" y1="${top}" y2="${y0}"/>`;
  for (const t of y.ticks) s += `<g class="tick"><line x1="${left - 5}" x2="${left}" y1="${px(y.at(t))}" y2="${px(y.at(t))}"/><text x="${left - 8}" y="${px(y.at(t) + 4)}" text-anchor="end">${esc(y.format(t))}</text></g>`;
  s += `<text class="label" transform="translate(13 ${px((top + y0) / 2)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}${y.kind === "log" ? " (log scale)" : ""}</text></g>`;
  return s;
}

export function legendHtml(items: { name: string; colour: string; dashed?: boolean; width?: number; pointsOnly?: boolean }[]): string {
  if (items.length < 2) return "";
  return `<div class="legend">${items
    .map((i) => `<span class="key"><svg width="22" height="10" aria-hidden="true">${i.pointsOnly ? `<circle cx="11" cy="5" r="3.5" fill="${i.colour}"/>` : `<line x1="1" x2="21" y1="5" y2="5" stroke="${i.colour}" stroke-width="${Math.min(8, i.width ?? 2.5)}"${i.dashed ? ' stroke-dasharray="5 3"' : ""}/>`}</svg>${esc(i.name)}</span>`)
    .join("")}</div>`;
}

export function renderLineChart(chart: LineChart): string {
  const { width, bottom } = SIZE;
  const { x, y, paths, labels, height, top } = layoutLineChart(chart);
  let s = `<svg class="chart line-chart" data-chart="${esc(chart.id)}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.title)}">`;
  s += axes(x, y, chart.xLabel, chart.yLabel, height, top);
  if (chart.reference) {
    const [a, b, c, d] = chart.reference;
    s += `<line class="reference" x1="${px(x.at(a))}" y1="${px(y.at(b))}" x2="${px(x.at(c))}" y2="${px(y.at(d))}"/>`;
  }
  for (const l of labels) {
    const mx = px(l.x);
    const tx = px(l.anchor === "start" ? l.span[0] : l.span[1]);
    s += `<g class="marker"><line x1="${mx}" x2="${mx}" y1="${px(l.reach ? l.baseline - 9 : top)}" y2="${height - bottom}" stroke="${l.marker.colour}"/><text x="${tx}" y="${px(l.baseline)}" text-anchor="${l.anchor}" fill="${l.marker.colour}">${esc(l.marker.label)}</text><title>${esc(l.marker.label)}</title></g>`;
  }
  for (const p of paths) {
    const { series } = p;
    const kind = series.kind ? ` data-kind="${esc(series.kind)}"` : "";
    if (!series.pointsOnly) {
      const width = series.width === undefined ? "" : ` style="stroke-width:${series.width}"`;
      s += `<path class="series" data-series="${esc(series.name)}"${kind} data-points="${p.count}" d="${p.d}" stroke="${series.colour}"${width}${series.dashed ? ' stroke-dasharray="6 4"' : ""}/>`;
    }
    s += `<g class="points${series.pointsOnly ? " scatter" : ""}" data-series="${esc(series.name)}"${kind} data-points="${p.count}" fill="${series.colour}">`;
    const r = series.radius ?? (series.pointsOnly ? 3 : 3.5);
    p.pixels.forEach((q, i) => {
      if (q === null) return;
      const [vx, vy] = series.points[i];
      const tip = series.tips?.[i] ?? `${series.name}\n${chart.xLabel} ${x.kind === "category" ? x.format(vx) : num(vx)}: ${num(vy)}`;
      s += `<circle cx="${px(q[0])}" cy="${px(q[1])}" r="${r}"><title>${esc(tip)}</title></circle>`;
    });
    s += `</g>`;
  }
  return s + `</svg>`;
}

/** A chart card: title, legend, the SVG, an optional note. */
export function chartCard(chart: LineChart): string {
  return `<figure class="card"><figcaption>${esc(chart.title)}</figcaption>${legendHtml(chart.legend ?? chart.series)}${renderLineChart(chart)}${chart.note ? `<p class="note">${esc(chart.note)}</p>` : ""}</figure>`;
}
