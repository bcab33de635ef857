// The study report in a real browser (Debian's /usr/bin/chromium, headless, through playwright-core, as
// report_browser.test.ts): a study folder built by real fits (study_folder.ts), `mltrain report study`,
// then the page: no console errors, no requests, every chart drawn (each path with as many vertices as
// it declares, each scatter with its circles), pruned curves grey in the computed style and painted
// before (under) the others, tick and axis labels inside their chart and clear of each other, and a
// non-empty screenshot (saved to $MLTRAIN_ARTEFACTS, default a temp dir). Skipped only without Chromium.
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { mltrain, tmp } from "./cli.js";
import { buildStudy, type BuiltStudy } from "./study_folder.js";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`study report browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

type Box = { x: number; y: number; w: number; h: number };
interface ChartCheck {
  id: string;
  view: { w: number; h: number };
  width: number;
  declaredLines: number;
  paths: { series: string; kind: string; order: number; declared: number; drawn: number; stroke: string; length: number }[];
  scatters: { declared: number; drawn: number; visible: number }[];
  xTicks: { text: string; box: Box }[];
  labels: { text: string; box: Box }[];
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe.skipIf(!haveChromium)("the study report in headless Chromium", () => {
  let ctx: BrowserContext;
  let cwd: string;
  let built: BuiltStudy;
  let artefacts: string;

  beforeAll(async () => {
    cwd = tmp("study-browser");
    artefacts = process.env.MLTRAIN_ARTEFACTS ?? path.join(cwd, "artefacts");
    built = buildStudy(cwd);
    const r = mltrain(["report", "study"], cwd);
    if (r.code !== 0) throw new Error(`mltrain report failed: ${r.stderr}`);
    mkdirSync(artefacts, { recursive: true });
    const { chromium } = await import("playwright-core");
    ctx = await chromium.launchPersistentContext(tmp("chromium"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1200, height: 900 },
    });
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
  });

  it("renders every chart with no console error and no request; pruned grey and under; labels readable; a screenshot", async () => {
    const page = await ctx.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => void errors.push(String(e)));
    page.on("request", (r) => void (r.url().startsWith("file:") || requests.push(r.url())));
    await page.goto(`file://${path.join(cwd, "study", "report.html")}`, { waitUntil: "load" });
    // Runs in the page (the project's TypeScript has no DOM types: what the page hands in is `any`).
    const charts: ChartCheck[] = await page.$$eval("main > .cards svg.chart, main > h2 ~ .cards svg.chart", (svgs) =>
      svgs
        .filter((svg) => (svg.getAttribute("data-chart") ?? "").startsWith("study-"))
        .map((svg) => {
          const box = (e: { getBBox(): { x: number; y: number; width: number; height: number } }) => {
            const b = e.getBBox();
            return { x: b.x, y: b.y, w: b.width, h: b.height };
          };
          const style = (e: unknown) => svg.ownerDocument.defaultView.getComputedStyle(e);
          const all = [...svg.querySelectorAll("path.series, path.pc-line")];
          return {
            id: svg.getAttribute("data-chart") ?? "",
            view: { w: svg.viewBox.baseVal.width, h: svg.viewBox.baseVal.height },
            width: svg.getBoundingClientRect().width,
            declaredLines: Number(svg.getAttribute("data-lines") ?? -1),
            paths: all.map((p, i) => ({
              series: p.getAttribute("data-series") ?? "",
              kind: p.getAttribute("data-kind") ?? "",
              order: i,
              declared: Number(p.getAttribute("data-points")),
              drawn: ((p.getAttribute("d") ?? "").match(/[ML]/g) ?? []).length,
              stroke: style(p).stroke,
              length: p.getTotalLength(),
            })),
            scatters: [...svg.querySelectorAll("g.points.scatter")].map((g) => ({ declared: Number(g.getAttribute("data-points")), drawn: g.querySelectorAll("circle").length, visible: Number(style(g.querySelector("circle")).opacity) })),
            xTicks: [...svg.querySelectorAll(".x-axis .tick text")].map((t) => ({ text: t.textContent ?? "", box: box(t) })),
            labels: [...svg.querySelectorAll(".pc-axis > text.label")].map((t) => ({ text: t.textContent ?? "", box: box(t) })),
          };
        }),
    );
    const shot = path.join(artefacts, "study.png");
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const ids = charts.map((c) => c.id);
    expect(ids).toEqual([
      "study-trials", "study-curves", "study-parallel",
      "study-param-optimizer", "study-param-optimizer.learning_rate", "study-param-model.layers[0].units", "study-param-model.layers[0].activation", "study-param-training.batch_size",
    ]);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(200);
      for (const p of c.paths) {
        expect(p.drawn, `${c.id} ${p.series}`).toBe(p.declared);
        expect(p.length, `${c.id} ${p.series}: a drawn line`).toBeGreaterThan(10);
      }
      for (const s of c.scatters) {
        expect(s.drawn, c.id).toBe(s.declared);
        expect(s.visible, c.id).toBeGreaterThan(0.5);
      }
      for (const [i, t] of c.xTicks.entries()) {
        expect(t.box.x, `${c.id} tick ${t.text}`).toBeGreaterThanOrEqual(0);
        expect(t.box.x + t.box.w, `${c.id} tick ${t.text}`).toBeLessThanOrEqual(c.view.w);
        const next = c.xTicks[i + 1];
        if (next) expect(overlap(t.box, next.box), `${c.id} ticks ${t.text} / ${next.text}`).toBe(false);
      }
      for (const [i, l] of c.labels.entries()) {
        expect(l.box.x, l.text).toBeGreaterThanOrEqual(0);
        expect(l.box.x + l.box.w, l.text).toBeLessThanOrEqual(c.view.w);
        for (const m of c.labels.slice(i + 1)) expect(overlap(l.box, m.box), `${l.text} / ${m.text}`).toBe(false);
      }
    }
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    // pruned: grey in the computed style, and painted first so the complete curves draw over it
    for (const id of ["study-curves", "study-parallel"]) {
      const pruned = byId[id].paths.filter((p) => p.kind === "pruned");
      const others = byId[id].paths.filter((p) => p.kind !== "pruned");
      expect(pruned.map((p) => [p.series, p.stroke]), id).toEqual([["trial 2", "rgb(184, 190, 200)"]]);
      expect(Math.max(...pruned.map((p) => p.order)), id).toBeLessThan(Math.min(...others.map((p) => p.order)));
      expect(others[others.length - 1], id).toMatchObject({ kind: "best", series: `trial ${built.best}`, stroke: "rgb(47, 133, 90)" });
    }
    expect(byId["study-parallel"].paths).toHaveLength(byId["study-parallel"].declaredLines);
    expect(byId["study-param-optimizer"].xTicks.map((t) => t.text)).toEqual(["adam", "sgd"]);
    expect(byId["study-param-training.batch_size"].xTicks.map((t) => t.text)).toEqual(["8", "16", "32"]);
    expect(byId["study-param-optimizer.learning_rate"].xTicks.map((t) => t.text)).toEqual(["0.001", "0.01", "0.1", "1", "10", "100", "1000", "10000"]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  }, 120_000);
});
