// The report in a real browser: Debian's /usr/bin/chromium driven headless by playwright-core (which
// downloads no browser). Opens reports built from the fixture runs (iris, diabetes, a diverged run, and
// compares of runs of different tasks), asserts no console errors, that every chart rendered (non-empty
// paths with the expected number of points, axes with ticks, heat-map cells), and, from the laid-out
// boxes (getBBox), that marker labels overlap no other label and no point of a curve, that every axis
// has at most 10 tick labels which do not overlap, and that the cards print short numbers. Saves
// screenshots to $MLTRAIN_ARTEFACTS (default: a temp dir). Skipped only without Chromium.
import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { mltrain, root, tmp } from "./cli.js";

const CHROMIUM = "/usr/bin/chromium";
const fixtures = path.join(root, "test", "fixtures", "report");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const cwd = tmp("browser");
const artefacts = process.env.MLTRAIN_ARTEFACTS ?? path.join(cwd, "artefacts");

function report(args: string[]): void {
  const r = mltrain(["report", ...args], cwd);
  if (r.code !== 0) throw new Error(`mltrain report failed: ${r.stderr}`);
}

type Box = { x: number; y: number; w: number; h: number };

interface ChartCheck {
  id: string;
  kind: string;
  /** The viewBox's size, the plot area's top (the y axis line) and, in user units, the boxes drawn. */
  view: { w: number; h: number };
  plotTop: number;
  markers: { label: string; box: Box }[];
  points: Box[];
  xTickLabels: { text: string; box: Box }[];
  yTickLabels: string[];
  strokes: { series: string; width: number; dashed: boolean }[];
  note: string;
  paths: { series: string; declared: number; drawn: number }[];
  xTicks: number;
  yTicks: number;
  cells: number;
  declaredCells: number;
  width: number;
}

describe.skipIf(!haveChromium)("the HTML report in headless Chromium", () => {
  let ctx: BrowserContext;

  beforeAll(async () => {
    cpSync(fixtures, path.join(cwd, "runs"), { recursive: true });
    report(["runs/iris"]);
    report(["runs/diabetes"]);
    report(["runs/iris", "runs/diabetes", "-o", "compare.html"]);
    report(["runs/diverged"]);
    report(["runs/iris", "runs/diabetes", "runs/diverged", "-o", "compare3.html"]);
    mkdirSync(artefacts, { recursive: true });
    const { chromium } = await import("playwright-core");
    ctx = await chromium.launchPersistentContext(tmp("chromium"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1200, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await ctx?.close();
  });

  async function open(file: string, shot: string): Promise<{ errors: string[]; requests: string[]; charts: ChartCheck[]; kpis: string[]; text: string }> {
    const page = await ctx.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => void errors.push(String(e)));
    page.on("request", (r) => void (r.url().startsWith("file:") || requests.push(r.url())));
    await page.goto(`file://${path.join(cwd, file)}`, { waitUntil: "load" });
    // Runs in the page (the project's TypeScript has no DOM types: what the page hands in is `any`).
    const charts = await page.$$eval("svg.chart", (svgs) =>
      svgs.map((svg) => ({
        id: svg.getAttribute("data-chart") ?? "",
        kind: svg.classList.contains("heatmap") ? "heatmap" : "line",
        view: { w: svg.viewBox.baseVal.width, h: svg.viewBox.baseVal.height },
        plotTop: Number(svg.querySelector(".y-axis > line")?.getAttribute("y1") ?? 0),
        markers: [...svg.querySelectorAll(".marker text")].map((t) => {
          const b = t.getBBox();
          return { label: t.textContent ?? "", box: { x: b.x, y: b.y, w: b.width, h: b.height } };
        }),
        points: [...svg.querySelectorAll("g.points circle")].map((c) => {
          const b = c.getBBox();
          return { x: b.x, y: b.y, w: b.width, h: b.height };
        }),
        xTickLabels: [...svg.querySelectorAll(".x-axis .tick text")].map((t) => {
          const b = t.getBBox();
          return { text: t.textContent ?? "", box: { x: b.x, y: b.y, w: b.width, h: b.height } };
        }),
        yTickLabels: [...svg.querySelectorAll(".y-axis .tick text")].map((t) => t.textContent ?? ""),
        strokes: [...svg.querySelectorAll("path.series")].map((p) => {
          const style = svg.ownerDocument.defaultView.getComputedStyle(p);
          return { series: p.getAttribute("data-series") ?? "", width: Number.parseFloat(style.strokeWidth), dashed: style.strokeDasharray !== "none" };
        }),
        note: svg.parentElement?.querySelector(".note")?.textContent ?? "",
        paths: [...svg.querySelectorAll("path.series, g.points.scatter")].map((p) => ({
          series: p.getAttribute("data-series") ?? "",
          declared: Number(p.getAttribute("data-points")),
          drawn: p.tagName === "path" ? ((p.getAttribute("d") ?? "").match(/[ML]/g) ?? []).length : p.querySelectorAll("circle").length,
        })),
        xTicks: svg.querySelectorAll(".x-axis .tick").length,
        yTicks: svg.querySelectorAll(".y-axis .tick").length,
        cells: svg.querySelectorAll("g.cell rect").length,
        declaredCells: Number(svg.getAttribute("data-cells") ?? 0),
        width: svg.getBoundingClientRect().width,
      })),
    );
    const kpis = await page.$$eval(".kpi .v", (els) => els.map((e) => e.textContent ?? ""));
    const text = await page.$eval("main", (m) => {
      const copy = m.cloneNode(true);
      copy.querySelectorAll("pre").forEach((p: { remove(): void }) => p.remove()); // the config as the user wrote it
      return copy.textContent ?? "";
    });
    await page.screenshot({ path: path.join(artefacts, shot), fullPage: true });
    await page.close();
    return { errors, requests, charts, kpis, text };
  }

  const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  /** Marker labels inside the chart, above the plot, clear of each other and of every point; bounded, readable ticks. */
  function expectReadable(charts: ChartCheck[]): void {
    for (const c of charts.filter((c) => c.kind === "line")) {
      for (const [i, m] of c.markers.entries()) {
        expect(m.box.x, `${c.id} ${m.label}`).toBeGreaterThanOrEqual(0);
        expect(m.box.x + m.box.w, `${c.id} ${m.label}`).toBeLessThanOrEqual(c.view.w);
        expect(m.box.y, `${c.id} ${m.label}`).toBeGreaterThanOrEqual(0);
        expect(m.box.y + m.box.h, `${c.id} ${m.label}`).toBeLessThanOrEqual(c.plotTop);
        for (const n of c.markers.slice(i + 1)) expect(overlap(m.box, n.box), `${c.id}: ${m.label} / ${n.label}`).toBe(false);
        for (const p of c.points) expect(overlap(m.box, p), `${c.id}: ${m.label} over a point at ${p.x},${p.y}`).toBe(false);
      }
      expect(c.xTickLabels.length, c.id).toBeLessThanOrEqual(10);
      expect(c.yTickLabels.length, c.id).toBeLessThanOrEqual(10);
      for (const [i, t] of c.xTickLabels.entries()) {
        expect(t.box.x + t.box.w, `${c.id} x tick ${t.text}`).toBeLessThanOrEqual(c.view.w);
        const next = c.xTickLabels[i + 1];
        if (next) expect(overlap(t.box, next.box), `${c.id} x ticks ${t.text} / ${next.text}`).toBe(false);
      }
    }
  }

  function expectRendered(charts: ChartCheck[]): void {
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(200);
      if (c.kind === "heatmap") {
        expect(c.cells, c.id).toBe(c.declaredCells);
        expect(c.cells, c.id).toBeGreaterThan(0);
        continue;
      }
      expect(c.xTicks, c.id).toBeGreaterThan(1);
      expect(c.yTicks, c.id).toBeGreaterThan(1);
      expect(c.paths.length, c.id).toBeGreaterThan(0);
      for (const p of c.paths) {
        expect(p.drawn, `${c.id} ${p.series}`).toBe(p.declared);
        expect(p.drawn, `${c.id} ${p.series}`).toBeGreaterThan(0);
      }
    }
  }

  it("iris: no console errors, no requests; loss/accuracy 100 points per series, lr, grad norms, 2 heat maps of 9 cells, 3 ROC curves", async () => {
    const { errors, requests, charts } = await open("runs/iris/report.html", "iris.png");
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expectRendered(charts);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId["curve-loss"].paths.map((p) => [p.series, p.drawn])).toEqual([["train", 100], ["validation", 100]]);
    expect(byId["curve-accuracy"].paths.map((p) => p.drawn)).toEqual([100, 100]);
    expect(byId["lr"].paths.map((p) => p.drawn)).toEqual([100]);
    expect(byId["grad-iris"].paths).toHaveLength(2);
    expect(charts.filter((c) => c.kind === "heatmap").map((c) => c.cells)).toEqual([9, 9]);
    expect(byId["roc-iris"].paths.map((p) => p.series)).toEqual(["setosa (AUC 1.000)", "versicolor (AUC 0.990)", "virginica (AUC 0.990)"]);
    expectReadable(charts);
    expect(byId["curve-loss"].markers.map((m) => m.label)).toEqual(["best 63"]);
    expect(statSync(path.join(artefacts, "iris.png")).size).toBeGreaterThan(10_000);
  }, 60_000);

  it("iris ROC: versicolor's and virginica's curves are the same: three widths, virginica dashed, the note says so", async () => {
    const { charts } = await open("runs/iris/report.html", "iris.png");
    const roc = charts.find((c) => c.id === "roc-iris")!;
    expect(roc.strokes.map((s) => [s.width, s.dashed])).toEqual([[5.5, false], [3.5, false], [1.5, true]]);
    expect(roc.note).toContain("Same curve: versicolor and virginica (virginica dashed).");
  }, 60_000);

  it("diabetes: 58 epochs per curve, predicted-vs-true and residual scatter with 66 points", async () => {
    const { errors, charts } = await open("runs/diabetes/report.html", "diabetes.png");
    expect(errors).toEqual([]);
    expectRendered(charts);
    expectReadable(charts);
    expect(charts.find((c) => c.id === "curve-loss")!.markers.map((m) => m.label)).toEqual(["best 38", "stopped 58"]);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId["curve-loss"].paths.map((p) => p.drawn)).toEqual([58, 58]);
    expect(byId["scatter-diabetes-progression"].paths.map((p) => p.drawn)).toEqual([66]);
    expect(byId["residuals-diabetes-progression"].paths.map((p) => p.drawn)).toEqual([66]);
  }, 60_000);

  it("two runs overlaid: 4 loss series (iris 100 points, diabetes 58), no console errors", async () => {
    const { errors, charts } = await open("compare.html", "compare.png");
    expect(errors).toEqual([]);
    expectRendered(charts);
    const loss = charts.find((c) => c.id === "curve-loss")!;
    expect(loss.paths.map((p) => [p.series, p.drawn])).toEqual([
      ["iris train", 100], ["iris validation", 100], ["diabetes train", 58], ["diabetes validation", 58],
    ]);
    expectReadable(charts);
    const labels = Object.fromEntries(charts.filter((c) => c.id.startsWith("curve-")).map((c) => [c.id, c.markers.map((m) => m.label)]));
    expect(labels).toEqual({
      "curve-loss": ["iris: best 63", "diabetes: best 38", "diabetes: stopped 58"],
      "curve-accuracy": ["iris: best 63"],
      "curve-mae": ["diabetes: best 38", "diabetes: stopped 58"],
      "curve-r2": ["diabetes: best 38", "diabetes: stopped 58"],
    });
  }, 60_000);

  it("a diverged run (loss 1.4e23 to 7.9e72 in 6 epochs): 5 decade ticks on the log axes, short numbers on the cards and everywhere", async () => {
    const { errors, charts, kpis, text } = await open("runs/diverged/report.html", "diverged.png");
    expect(errors).toEqual([]);
    expectRendered(charts);
    expectReadable(charts);
    const loss = charts.find((c) => c.id === "curve-loss")!;
    expect(loss.yTickLabels).toEqual(["1e+30", "1e+40", "1e+50", "1e+60", "1e+70"]);
    expect(kpis.slice(0, 2)).toEqual(["-1.145e+69", "7.875e+72"]);
    // metrics.json holds -1.1454671347520188e+69: no printed number has more than 4 significant digits.
    expect(text.match(/\d\.\d{5,}|\d{8,}/g)).toBeNull();
  }, 60_000);

  it("three runs of two tasks (iris, diabetes, diverged): four labels on the loss chart in lanes, none overlapping, each run marked only where it has curves", async () => {
    const { errors, charts } = await open("compare3.html", "compare3.png");
    expect(errors).toEqual([]);
    expectRendered(charts);
    expectReadable(charts);
    const loss = charts.find((c) => c.id === "curve-loss")!;
    expect(loss.markers.map((m) => m.label)).toEqual(["iris: best 63", "diabetes: best 38", "diabetes: stopped 58", "diverged: best 1"]);
    expect(charts.find((c) => c.id === "curve-accuracy")!.markers.map((m) => m.label)).toEqual(["iris: best 63"]);
  }, 60_000);
});
