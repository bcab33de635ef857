// The report's chart data from fixture run folders (test/fixtures/report/, written by mltrain fit):
// series, point counts, markers, scales and ticks, and the HTML's self-containment.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseHistoryCsv } from "../../src/io/index.js";
import {
  buildReportHtml,
  confusion,
  curveKeys,
  curves,
  decadeStride,
  epochScale,
  formatTick,
  gradChart,
  layoutLineChart,
  linearScale,
  loadRun,
  logScale,
  lrChart,
  niceTicks,
  num,
  perClassRows,
  placeMarkerLabels,
  residuals,
  rocChart,
  scatter,
} from "../../src/report/index.js";
import { readFileSync } from "node:fs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/report");
const iris = loadRun(path.join(fixtures, "iris"), "runs/iris");
const diabetes = loadRun(path.join(fixtures, "diabetes"), "runs/diabetes");
const diverged = loadRun(path.join(fixtures, "diverged"), "runs/diverged");

describe("num: every number the report prints", () => {
  it("4 significant digits; exponent form below 1e-4 and from 1e6, trailing zeros of the mantissa dropped", () => {
    expect(num(0.065712345)).toBe("0.06571");
    expect(num(2471.4567)).toBe("2471");
    expect(num(3)).toBe("3");
    expect(num(-2.1579821800736067e70)).toBe("-2.158e+70");
    expect(num(1234567)).toBe("1.235e+6");
    expect(num(1e6)).toBe("1e+6");
    expect(num(0.00002)).toBe("2e-5");
    expect(num(0)).toBe("0");
  });
  it("fixed decimals for columns that line up, still exponent form for huge values; – for missing, NaN, ∞", () => {
    expect(num(0.99, { decimals: 3 })).toBe("0.990");
    expect(num(1, { decimals: 3 })).toBe("1.000");
    expect(num(-1.1454671347520188e69, { decimals: 3 })).toBe("-1.145e+69");
    expect(num(0.1234, { digits: 2 })).toBe("0.12");
    for (const v of [null, undefined, NaN, Infinity, -Infinity]) expect(num(v)).toBe("–");
  });
});

describe("scales and ticks", () => {
  it("niceTicks covers the data with 1/2/2.5/5 × 10^k steps (exact to 1e-12)", () => {
    expect(niceTicks(0.03, 0.77, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(2471, 28225, 5)).toEqual([0, 10000, 20000, 30000]);
    expect(niceTicks(-4.3, 0.6, 5)).toEqual([-5, -4, -3, -2, -1, 0, 1]);
  });
  it("a linear scale maps its snapped domain onto the pixel range (y axes downwards), within 1e-9 px", () => {
    const s = linearScale(0.03, 0.77, [254, 14]);
    expect(s.domain).toEqual([0, 0.8]);
    expect(s.at(0)).toBeCloseTo(254, 9);
    expect(s.at(0.8)).toBeCloseTo(14, 9);
    expect(s.at(0.4)).toBeCloseTo(134, 9);
    expect(s.format(0.4)).toBe("0.4");
  });
  it("the epoch axis runs exactly from 1 to n with integer ticks", () => {
    const s = epochScale(100, [66, 542]);
    expect(s.ticks).toEqual([1, 20, 40, 60, 80, 100]);
    expect(s.at(1)).toBe(66);
    expect(s.at(100)).toBeCloseTo(542, 9);
  });
  it("a log scale spans whole decades with 1-2-5 ticks", () => {
    const s = logScale(0.013, 0.7, [254, 14]);
    expect(s.domain).toEqual([0.01, 1]);
    expect(s.ticks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(s.at(0.1)).toBeCloseTo(134, 9);
  });
  it("tick labels use the step's decimals, and exponent form (as many digits as the step needs) for tiny or huge values", () => {
    expect(formatTick(0.25, 0.05)).toBe("0.25");
    expect(formatTick(20000, 10000)).toBe("20000");
    expect(formatTick(0.00002, 0.00001)).toBe("2e-5");
    expect(formatTick(-1.5e69, 5e68)).toBe("-1.5e+69");
    expect(formatTick(-2e69, 5e68)).toBe("-2e+69");
  });
  it("a log axis over 50 decades (a diverged loss, 1.4e23 to 7.9e72) ticks every 10th decade: 5 labels", () => {
    const s = logScale(1.4239838706598252e23, 7.875173066270296e72, [254, 14]);
    expect(s.domain).toEqual([1e23, 1e73]);
    expect(s.ticks).toEqual([1e30, 1e40, 1e50, 1e60, 1e70]);
    expect(s.ticks.map(s.format)).toEqual(["1e+30", "1e+40", "1e+50", "1e+60", "1e+70"]);
    expect(s.at(1e48)).toBeCloseTo(134, 9);
  });
  it("linear and epoch axes keep to 10 ticks or fewer whatever the range (spans from 1e-12 to 1e80, 1 to 1e6 epochs)", () => {
    for (const [lo, hi] of [[0, 1e-12], [-3.1e36, -2.5e36], [-2e69, 5e68], [0.0099, 0.0101], [1, 1e80], [-1, 1], [123450, 123461]]) {
      const s = linearScale(lo, hi, [254, 14], 5);
      expect(s.ticks.length, `${lo}..${hi}`).toBeGreaterThanOrEqual(2);
      expect(s.ticks.length, `${lo}..${hi}`).toBeLessThanOrEqual(10);
      expect(new Set(s.ticks.map(s.format)).size, `${lo}..${hi}: distinct labels`).toBe(s.ticks.length);
    }
    for (const n of [1, 2, 7, 58, 100, 101, 999, 3000, 123457, 1e6]) expect(epochScale(n, [66, 542]).ticks.length, `${n} epochs`).toBeLessThanOrEqual(10);
  });
  it("decade strides keep a log axis at 9 ticks or fewer whatever its range", () => {
    expect([1, 8, 9, 16, 17, 40, 41, 50, 300, 600].map(decadeStride)).toEqual([1, 1, 2, 2, 5, 5, 10, 10, 50, 100]);
    for (const [lo, hi] of [[1e-3, 1e5], [1e-300, 1e300], [0.5, 7e9], [2, 3e40]]) expect(logScale(lo, hi, [254, 14]).ticks.length).toBeLessThanOrEqual(9);
  });
});

describe("training curves from the iris fixture (100 epochs, no early stop)", () => {
  const history = parseHistoryCsv(readFileSync(path.join(fixtures, "iris", "history.csv"), "utf8"));

  it("history.csv and metrics.json hold the same 100 epochs", () => {
    expect(iris.report.history).toHaveLength(100);
    expect(history.map((r) => r.loss)).toEqual(iris.report.history.map((r) => r.loss));
  });
  it("one chart per logged key, loss first; train and validation series with one point per epoch", () => {
    expect(curveKeys(iris.report.history)).toEqual(["loss", "accuracy"]);
    const [loss, acc] = curves([iris]);
    expect(loss.title).toBe("Loss per epoch");
    expect(loss.series.map((s) => [s.name, s.points.length])).toEqual([["train", 100], ["validation", 100]]);
    expect(loss.series[0].points[0]).toEqual([1, history[0].loss]);
    expect(acc.series[1].points[99]).toEqual([100, history[99].val_accuracy]);
  });
  it("marks the best epoch (63) and no early-stopping point", () => {
    expect(curves([iris])[0].markers).toEqual([{ x: 63, label: "best 63", colour: expect.any(String) }]);
  });
  it("the layout draws 100 pixel points per series inside the plot area, first at the left edge", () => {
    const { x, y, paths } = layoutLineChart(curves([iris])[0]);
    expect(paths.map((p) => p.count)).toEqual([100, 100]);
    expect(paths[0].d.match(/[ML]/g)).toHaveLength(100);
    expect(paths[0].pixels[0]![0]).toBe(x.range[0]);
    for (const p of paths[0].pixels) expect(p![1]).toBeGreaterThanOrEqual(y.range[1] - 1e-9), expect(p![1]).toBeLessThanOrEqual(y.range[0] + 1e-9);
    expect(y.ticks[0]).toBe(0);
  });
  it("learning rate: one point per epoch at 0.01 (constant schedule); gradient norms per dense layer", () => {
    const lr = lrChart([iris]);
    expect(lr.series[0].points).toHaveLength(100);
    expect(new Set(lr.series[0].points.map((p) => p[1]))).toEqual(new Set([0.01]));
    expect(gradChart(iris)!.series.map((s) => s.name)).toEqual(["dense", "dense_1"]);
  });
  it("the schedule note prints its numbers through num (a factor of 0.1 + 0.2 reads 0.3)", () => {
    const config = { ...iris.report.config, schedule: { type: "step", factor: 0.1 + 0.2, every: 10 } } as typeof iris.report.config;
    expect(lrChart([{ ...iris, report: { ...iris.report, config } }]).note).toBe("iris: step (factor 0.3, every 10), lr0 0.01");
  });
  it("several runs: one colour per run, validation dashed, markers named by run", () => {
    const [loss] = curves([iris, { ...iris, label: "b", report: { ...iris.report, name: "b" } }]);
    expect(loss.series.map((s) => [s.name, s.dashed ?? false])).toEqual([
      ["iris train", false], ["iris validation", true], ["b train", false], ["b validation", true],
    ]);
    expect(loss.series[0].colour).toBe(loss.series[1].colour);
    expect(loss.series[0].colour).not.toBe(loss.series[2].colour);
    expect(loss.markers!.map((m) => m.label)).toEqual(["iris: best 63", "b: best 63"]);
  });
});

describe("marker labels", () => {
  const x = epochScale(100, [66, 542]);
  const overlap = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
  it("sit in lanes above the plot area: the diabetes fixture's best 38 and stopped 58 share lane 0, the plot starts below it", () => {
    const chart = curves([diabetes])[0];
    const { top, height, labels, y } = layoutLineChart(chart);
    expect(labels.map((l) => [l.marker.label, l.lane])).toEqual([["best 38", 0], ["stopped 58", 0]]);
    expect(top).toBe(14 + 15 + 4);
    expect(height).toBe(300 + 15 + 4);
    expect(y.range).toEqual([height - 46, top]);
    // Text runs at most ~9 px above and 3 px below its baseline, a point's circle 3.5 px above the plot's
    // top: the lane clears both.
    for (const l of labels) expect(l.baseline + 3).toBeLessThan(top - 3.5);
  });
  it("markers close together go up a lane rather than overlap; a label near the right edge ends at its line", () => {
    // Epochs 60, 62, 64 are 4.8 px apart, their labels ~100 px wide; "best 100" (~50 px) fits left of its line.
    const markers = [60, 62, 64].map((e, i) => ({ x: e, label: `run${i}: stopped ${e}`, colour: "#000" }));
    markers.push({ x: 100, label: "best 100", colour: "#000" });
    const placed = placeMarkerLabels(markers, x, [66, 558]);
    expect(placed.map((l) => l.lane)).toEqual([0, 1, 2, 0]);
    expect(placed[3].anchor).toBe("end");
    expect(placed[3].span[1]).toBeCloseTo(x.at(100) - 4, 9);
    for (const a of placed)
      for (const b of placed) if (a !== b && a.lane === b.lane) expect(overlap(a.span, b.span), `${a.marker.label} / ${b.marker.label}`).toBe(false);
    // The first line is crossed by no lower label (it is in lane 0); the second crosses the first's label.
    expect(placed.map((l) => l.reach)).toEqual([true, false, false, true]);
  });
  it("a chart without markers has no lanes: the frame of before (top 14, height 300)", () => {
    const { top, height } = layoutLineChart(lrChart([iris]));
    expect([top, height]).toEqual([14, 300]);
  });
  it("a compare of a classifier and a regression: each run's markers only on the charts where it has curves", () => {
    const byKey = Object.fromEntries(curves([iris, diabetes]).map((c) => [c.yLabel, c.markers!.map((m) => m.label)]));
    expect(byKey).toEqual({
      loss: ["iris: best 63", "diabetes: best 38", "diabetes: stopped 58"],
      accuracy: ["iris: best 63"],
      mae: ["diabetes: best 38", "diabetes: stopped 58"],
      r2: ["diabetes: best 38", "diabetes: stopped 58"],
    });
  });
});

describe("evaluation charts", () => {
  it("iris confusion heat maps: the test split's counts and row-normalised values", () => {
    const [counts, norm] = confusion(iris);
    expect(counts.labels).toEqual(["setosa", "versicolor", "virginica"]);
    expect(counts.values).toEqual([[7, 0, 0], [0, 6, 1], [0, 0, 7]]);
    expect(norm.values[1][1]).toBeCloseTo(6 / 7, 12);
  });
  it("iris ROC: one curve per class from (0,0) to (1,1), AUC in the legend (3 decimals)", () => {
    const roc = rocChart(iris)!;
    expect(roc.series.map((s) => s.name)).toEqual(["setosa (AUC 1.000)", "versicolor (AUC 0.990)", "virginica (AUC 0.990)"]);
    for (const s of roc.series) {
      expect(s.points[0]).toEqual([0, 0]);
      expect(s.points[s.points.length - 1]).toEqual([1, 1]);
    }
  });
  it("iris ROC: versicolor and virginica have the same curve: drawn narrower and dashed, named in the note", () => {
    const roc = rocChart(iris)!;
    expect(roc.series.map((s) => [s.width, s.dashed])).toEqual([[5.5, false], [3.5, false], [1.5, true]]);
    expect(roc.note).toBe("Each class is drawn narrower than the one before, so overlapping curves stay visible. Same curve: versicolor and virginica (virginica dashed).");
    const other = { ...iris.report.evaluation.test!, roc_curve: { a: { fpr: [0, 0, 1], tpr: [0, 1, 1] }, b: { fpr: [0, 0.5, 1], tpr: [0, 0.5, 1] }, c: { fpr: [0, 0, 0, 1, 1], tpr: [0, 0.5, 1, 1, 1] } } };
    const abc = rocChart({ ...iris, report: { ...iris.report, evaluation: { ...iris.report.evaluation, test: other } } })!;
    expect(abc.series.map((s) => s.dashed)).toEqual([false, false, true]);
    expect(abc.note).toMatch(/Same curve: a and c \(c dashed\)\.$/);
  });
  it("iris per-class table rows follow metrics.json", () => {
    expect(perClassRows(iris).map((r) => [r.label, r.support])).toEqual([["setosa", 7], ["versicolor", 7], ["virginica", 7]]);
  });
  it("diabetes early stop (best 38, stopped 58) and regression scatter/residuals from predictions.csv (66 test rows)", () => {
    expect(curves([diabetes])[0].markers!.map((m) => m.label)).toEqual(["best 38", "stopped 58"]);
    const p = diabetes.predictions!;
    expect(p.split).toBe("test");
    expect(p.rows).toHaveLength(66);
    const [sc] = scatter(p, "diabetes");
    const [res] = residuals(p, "diabetes");
    expect(sc.series[0].points).toHaveLength(66);
    expect(res.series[0].points[5][1]).toBeCloseTo(p.truth[0][5] - p.predicted[0][5], 9);
    expect(confusion(diabetes)).toEqual([]);
    expect(rocChart(diabetes)).toBeNull();
  });
});

describe("the diverged fixture (6 epochs, loss to 7.9e72)", () => {
  it("the card reads -1.145e+69 for the test r2 and 7.875e+72 for the loss; no number in the page has more than 4 significant digits", () => {
    expect(diverged.report.status).toBe("diverged");
    const html = buildReportHtml([diverged]);
    expect(html).toContain('<div class="v">-1.145e+69</div><div class="k">test r2</div>');
    expect(html).toContain('<div class="v">7.875e+72</div><div class="k">test loss</div>');
    const text = html.replace(/<pre>[\s\S]*?<\/pre>/g, "").replace(/<[^>]+>/g, " ");
    expect(text.match(/\d\.\d{5,}|\d{8,}/g)).toBeNull();
  });
  it("every axis has at most 10 ticks", () => {
    const charts = [...curves([diverged]), lrChart([diverged]), gradChart(diverged)!, ...scatter(diverged.predictions!, "d"), ...residuals(diverged.predictions!, "d")];
    for (const c of charts) {
      const { x, y } = layoutLineChart(c);
      expect(x.ticks.length, c.id).toBeLessThanOrEqual(10);
      expect(y.ticks.length, c.id).toBeLessThanOrEqual(10);
      expect(y.ticks.length, c.id).toBeGreaterThanOrEqual(2);
    }
    expect(layoutLineChart(curves([diverged])[0]).y.kind).toBe("log");
  });
});

describe("the HTML", () => {
  const pages = [buildReportHtml([iris]), buildReportHtml([diabetes]), buildReportHtml([iris, diabetes])];
  it("is self-contained: no http:, https:, protocol-relative src/href, script or external stylesheet", () => {
    for (const html of pages) {
      expect(html).not.toMatch(/https?:/i);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?\/\//i);
      expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    }
  });
  it("holds every chart: iris 4 line charts + 2 heat maps + ROC; diabetes 5 + scatter + residuals", () => {
    const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;
    expect(count(pages[0], /<svg class="chart line-chart"/g)).toBe(5);
    expect(count(pages[0], /<svg class="chart heatmap"/g)).toBe(2);
    expect(count(pages[1], /<svg class="chart line-chart"/g)).toBe(7);
    expect(pages[0]).toContain("name: iris");
    expect(pages[1]).toContain("Predicted vs true progression");
  });
  it("escapes text from the run (a run name with markup stays text)", () => {
    const html = buildReportHtml([{ ...iris, report: { ...iris.report, name: "<b>x</b>" } }]);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).not.toContain("<b>x</b>");
  });
});
