// A line chart as data (LineChart: series of (x, y) points, vertical markers) and its SVG rendering:
// axes with ticks and labels, grid lines, one path per series (gaps where y is null), a <circle> with a
// <title> tooltip per point, markers as dashed vertical lines. layoutLineChart is pure and tested; the
// browser test checks the rendered paths against `data-points`.
import { autoScale, epochScale, linearScale, type Scale } from "./scale.js";
import { esc, num, px } from "./svg.js";

export interface Series {
  name: string;
  colour: string;
  dashed?: boolean;
  /** Draw points only (a scatter plot), no line. */
  pointsOnly?: boolean;
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
  /** "epoch": integer x from 1; "unit": x and y in [0, 1] (ROC); "auto": nice linear. */
  xKind: "epoch" | "unit" | "auto";
  /** auto: linear or log (autoScale); unit: [0, 1]; fraction: up to exactly 1 (accuracy, f1, ...). */
  yKind?: "auto" | "unit" | "linear" | "fraction";
  series: Series[];
  markers?: Marker[];
  /** A reference line from (x0, y0) to (x1, y1), e.g. the ROC diagonal or y = x. */
  reference?: [number, number, number, number];
  /** A caption under the chart. */
  note?: string;
}

export const SIZE = { width: 560, height: 300, left: 66, right: 18, top: 14, bottom: 46 };

export interface LineLayout {
  x: Scale;
  y: Scale;
  /** Per series: pixel points (null for gaps). */
  paths: { series: Series; pixels: ([number, number] | null)[]; d: string; count: number }[];
}

/** Scales and pixel paths of a chart (pure: what the SVG draws). */
export function layoutLineChart(chart: LineChart): LineLayout {
  const { width, height, left, right, top, bottom } = SIZE;
  const xr: [number, number] = [left, width - right];
  const yr: [number, number] = [height - bottom, top];
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = chart.series.flatMap((s) => s.points.flatMap((p) => (p[1] === null || !Number.isFinite(p[1]) ? [] : [p[1]])));
  if (chart.reference) (xs.push(chart.reference[0], chart.reference[2]), chart.yKind !== "auto" && ys.push(chart.reference[1], chart.reference[3]));
  const x =
    chart.xKind === "epoch" ? epochScale(Math.max(1, ...xs), xr)
    : chart.xKind === "unit" ? linearScale(0, 1, xr, 5)
    : linearScale(Math.min(...xs), Math.max(...xs), xr, 6);
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
  return { x, y, paths };
}

function axes(x: Scale, y: Scale, xLabel: string, yLabel: string): string {
  const { width, height, left, right, top, bottom } = SIZE;
  const y0 = height - bottom;
  let s = `<g class="grid">`;
  for (const t of y.ticks) s += `<line x1="${left}" x2="${width - right}" y1="${px(y.at(t))}" y2="${px(y.at(t))}"/>`;
  for (const t of x.ticks) s += `<line x1="${px(x.at(t))}" x2="${px(x.at(t))}" y1="${top}" y2="${y0}"/>`;
  s += `</g><g class="axis x-axis"><line x1="${left}" x2="${width - right}" y1="${y0}" y2="${y0}"/>`;
  for (const t of x.ticks) s += `<g class="tick"><line x1="${px(x.at(t))}" x2="${px(x.at(t))}" y1="${y0}" y2="${y0 + 5}"/><text x="${px(x.at(t))}" y="${y0 + 18}" text-anchor="middle">${esc(x.format(t))}</text></g>`;
  s += `<text class="label" x="${px((left + width - right) / 2)}" y="${height - 6}" text-anchor="middle">${esc(xLabel)}</text></g>`;
  s += `<g class="axis y-axis"><line x1="${left}" x2="${left}" y1="${top}" y2="${y0}"/>`;
  for (const t of y.ticks) s += `<g class="tick"><line x1="${left - 5}" x2="${left}" y1="${px(y.at(t))}" y2="${px(y.at(t))}"/><text x="${left - 8}" y="${px(y.at(t) + 4)}" text-anchor="end">${esc(y.format(t))}</text></g>`;
  s += `<text class="label" transform="translate(13 ${px((top + y0) / 2)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}${y.kind === "log" ? " (log scale)" : ""}</text></g>`;
  return s;
}

export function legendHtml(items: { name: string; colour: string; dashed?: boolean; pointsOnly?: boolean }[]): string {
  if (items.length < 2) return "";
  return `<div class="legend">${items
    .map((i) => `<span class="key"><svg width="22" height="10" aria-hidden="true">${i.pointsOnly ? `<circle cx="11" cy="5" r="3.5" fill="${i.colour}"/>` : `<line x1="1" x2="21" y1="5" y2="5" stroke="${i.colour}" stroke-width="2.5"${i.dashed ? ' stroke-dasharray="5 3"' : ""}/>`}</svg>${esc(i.name)}</span>`)
    .join("")}</div>`;
}

export function renderLineChart(chart: LineChart): string {
  const { width, height, top, bottom } = SIZE;
  const { x, y, paths } = layoutLineChart(chart);
  let s = `<svg class="chart line-chart" data-chart="${esc(chart.id)}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(chart.title)}">`;
  s += axes(x, y, chart.xLabel, chart.yLabel);
  if (chart.reference) {
    const [a, b, c, d] = chart.reference;
    s += `<line class="reference" x1="${px(x.at(a))}" y1="${px(y.at(b))}" x2="${px(x.at(c))}" y2="${px(y.at(d))}"/>`;
  }
  for (const m of chart.markers ?? []) {
    const mx = px(x.at(m.x));
    s += `<g class="marker"><line x1="${mx}" x2="${mx}" y1="${top}" y2="${height - bottom}" stroke="${m.colour}"/><text x="${mx}" y="${top + 10}" dx="${x.at(m.x) > width - 110 ? -4 : 4}" text-anchor="${x.at(m.x) > width - 110 ? "end" : "start"}" fill="${m.colour}">${esc(m.label)}</text><title>${esc(m.label)}</title></g>`;
  }
  for (const p of paths) {
    const { series } = p;
    if (!series.pointsOnly) {
      s += `<path class="series" data-series="${esc(series.name)}" data-points="${p.count}" d="${p.d}" stroke="${series.colour}"${series.dashed ? ' stroke-dasharray="6 4"' : ""}/>`;
    }
    s += `<g class="points${series.pointsOnly ? " scatter" : ""}" data-series="${esc(series.name)}" data-points="${p.count}" fill="${series.colour}">`;
    p.pixels.forEach((q, i) => {
      if (q === null) return;
      const [vx, vy] = series.points[i];
      s += `<circle cx="${px(q[0])}" cy="${px(q[1])}" r="${series.pointsOnly ? 3 : 3.5}"><title>${esc(series.name)}\n${esc(chart.xLabel)} ${num(vx)}: ${num(vy)}</title></circle>`;
    });
    s += `</g>`;
  }
  return s + `</svg>`;
}

/** A chart card: title, legend, the SVG, an optional note. */
export function chartCard(chart: LineChart): string {
  return `<figure class="card"><figcaption>${esc(chart.title)}</figcaption>${legendHtml(chart.series)}${renderLineChart(chart)}${chart.note ? `<p class="note">${esc(chart.note)}</p>` : ""}</figure>`;
}
