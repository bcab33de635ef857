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
  epochScale,
  formatTick,
  gradChart,
  layoutLineChart,
  linearScale,
  loadRun,
  logScale,
  lrChart,
  niceTicks,
  perClassRows,
  residuals,
  rocChart,
  scatter,
} from "../../src/report/index.js";
import { readFileSync } from "node:fs";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/report");
const iris = loadRun(path.join(fixtures, "iris"), "runs/iris");
const diabetes = loadRun(path.join(fixtures, "diabetes"), "runs/diabetes");

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
  it("tick labels use the step's decimals, and exponent form for tiny values", () => {
    expect(formatTick(0.25, 0.05)).toBe("0.25");
    expect(formatTick(20000, 10000)).toBe("20000");
    expect(formatTick(0.00002, 0.00001)).toBe("2e-5");
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
  it("several runs: one colour per run, validation dashed, markers named by run", () => {
    const [loss] = curves([iris, { ...iris, report: { ...iris.report, name: "b" } }]);
    expect(loss.series.map((s) => [s.name, s.dashed ?? false])).toEqual([
      ["iris train", false], ["iris validation", true], ["b train", false], ["b validation", true],
    ]);
    expect(loss.series[0].colour).toBe(loss.series[1].colour);
    expect(loss.series[0].colour).not.toBe(loss.series[2].colour);
    expect(loss.markers!.map((m) => m.label)).toEqual(["iris: best 63", "b: best 63"]);
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
