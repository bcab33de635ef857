// The report in a real browser: Debian's /usr/bin/chromium driven headless by playwright-core (which
// downloads no browser). Opens reports built from the fixture runs, asserts no console errors, that every
// chart rendered (non-empty paths with the expected number of points, axes with ticks, heat-map cells),
// and saves screenshots to $MLTRAIN_ARTEFACTS (default: a temp dir). Skipped only without Chromium.
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

interface ChartCheck {
  id: string;
  kind: string;
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

  async function open(file: string, shot: string): Promise<{ errors: string[]; requests: string[]; charts: ChartCheck[] }> {
    const page = await ctx.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => void errors.push(String(e)));
    page.on("request", (r) => void (r.url().startsWith("file:") || requests.push(r.url())));
    await page.goto(`file://${path.join(cwd, file)}`, { waitUntil: "load" });
    const charts = await page.$$eval("svg.chart", (svgs) =>
      svgs.map((svg) => ({
        id: svg.getAttribute("data-chart") ?? "",
        kind: svg.classList.contains("heatmap") ? "heatmap" : "line",
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
    await page.screenshot({ path: path.join(artefacts, shot), fullPage: true });
    await page.close();
    return { errors, requests, charts };
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
    expect(statSync(path.join(artefacts, "iris.png")).size).toBeGreaterThan(10_000);
  }, 60_000);

  it("diabetes: 58 epochs per curve, predicted-vs-true and residual scatter with 66 points", async () => {
    const { errors, charts } = await open("runs/diabetes/report.html", "diabetes.png");
    expect(errors).toEqual([]);
    expectRendered(charts);
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
  }, 60_000);
});
