// `mltrain report` and `mltrain schedule` end to end (bin/mltrain.js spawned, not a TTY; needs dist/):
// report files and their default paths, bad run folders, and schedule --csv against SPEC's formulas.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain as run, root, tmp as tmpDir } from "./cli.js";

const fixtures = path.join(root, "test", "fixtures", "report");
const iris = path.join(root, "configs", "iris.yaml");
const tmp = () => tmpDir("report");
const mltrain = (args: string[], cwd = tmp()) => ({ ...run(args, cwd), cwd });

/** A copy of the fixture runs in a temp dir (the report is written beside them). */
function runs(): string {
  const cwd = tmp();
  cpSync(fixtures, path.join(cwd, "runs"), { recursive: true });
  return cwd;
}

describe("mltrain report", () => {
  it("one run: writes RUN_DIR/report.html by default and names it; exit 0", () => {
    const r = mltrain(["report", "runs/iris"], runs());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote ${path.join("runs", "iris", "report.html")}\n`);
    const html = readFileSync(path.join(r.cwd, "runs", "iris", "report.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/https?:|<script/i);
  });
  it("several runs: ./report.html by default, or -o FILE; the curves of both runs overlaid", () => {
    const cwd = runs();
    const a = mltrain(["report", "runs/iris", "runs/diabetes"], cwd);
    expect(a.code).toBe(0);
    expect(existsSync(path.join(cwd, "report.html"))).toBe(true);
    const b = mltrain(["report", "runs/iris", "runs/diabetes", "-o", "cmp.html"], cwd);
    expect(b.stdout).toBe("Wrote cmp.html\n");
    const html = readFileSync(path.join(cwd, "cmp.html"), "utf8");
    expect(html).toContain('data-series="iris train"');
    expect(html).toContain('data-series="diabetes validation"');
  });
  it("a folder without metrics.json: exit 2, a one-line message, no stack, nothing written", () => {
    const r = mltrain(["report", "nowhere"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nowhere: no metrics\.json in this folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(r.cwd, "nowhere"))).toBe(false);
  });
  it("a corrupted metrics.json: exit 2, and an existing report.html is not overwritten", () => {
    const cwd = runs();
    writeFileSync(path.join(cwd, "runs", "iris", "metrics.json"), "{\"format\": \"mltrain-report\"");
    writeFileSync(path.join(cwd, "runs", "iris", "report.html"), "good");
    const r = mltrain(["report", "runs/iris"], cwd);
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(cwd, "runs", "iris", "report.html"), "utf8")).toBe("good");
  });
});

/** SPEC's schedule formulas, e = epoch - 1. */
const lr0 = 0.01;
const cosine = (e: number, T: number, min = 0) => min + ((lr0 - min) * (1 + Math.cos((Math.PI * Math.min(e, T)) / T))) / 2;
function cosineRestarts(e: number, period: number, tMult: number): number {
  let start = 0;
  let len = period;
  while (e >= start + len) (start += len), (len *= tMult);
  return cosine(e - start, len);
}

function csv(sets: string[]): { epoch: number; lr: number }[] {
  const r = mltrain(["schedule", iris, "--csv", ...sets.flatMap((s) => ["--set", s])]);
  expect(r.code).toBe(0);
  const [head, ...rows] = r.stdout.trimEnd().split("\n");
  expect(head).toBe("epoch,lr");
  return rows.map((l) => ({ epoch: Number(l.split(",")[0]), lr: Number(l.split(",")[1]) }));
}

describe("mltrain schedule --csv equals SPEC's formulas (relative 1e-12)", () => {
  const cases: [string, string[], (e: number) => number][] = [
    ["constant", [], () => lr0],
    ["step", ["schedule={type: step, factor: 0.5, every: 10}"], (e) => lr0 * 0.5 ** Math.floor(e / 10)],
    ["time", ["schedule={type: time, decay: 0.1}"], (e) => lr0 / (1 + 0.1 * e)],
    ["exponential", ["schedule={type: exponential, rate: 0.95}"], (e) => lr0 * 0.95 ** e],
    ["cosine (T = epochs)", ["schedule={type: cosine}"], (e) => cosine(e, 100)],
    ["cosine_restarts", ["schedule={type: cosine_restarts, period: 10, t_mult: 2}"], (e) => cosineRestarts(e, 10, 2)],
    ["step + warm-up", ["schedule={type: step, factor: 0.5, every: 10, warmup_epochs: 3}"], (e) => (e < 3 ? (lr0 * (e + 1)) / 4 : lr0 * 0.5 ** Math.floor((e - 3) / 10))],
  ];
  for (const [name, sets, f] of cases) {
    it(name, () => {
      const rows = csv(sets);
      expect(rows).toHaveLength(100);
      rows.forEach(({ epoch, lr }) => expect(Math.abs(lr - f(epoch - 1))).toBeLessThanOrEqual(1e-12 * lr0));
    });
  }
  it("cosine_restarts restarts at epochs 11, 31 and 71 (period 10, t_mult 2)", () => {
    const rows = csv(["schedule={type: cosine_restarts, period: 10, t_mult: 2}"]);
    const jumps = rows.slice(1).filter((r, i) => r.lr > rows[i].lr).map((r) => r.epoch);
    expect(jumps).toEqual([11, 31, 71]);
  });
  it("reduce_on_plateau: the starting lr on every row, and a note on stderr that it depends on the monitored values", () => {
    const r = mltrain(["schedule", iris, "--csv", "--set", "schedule=reduce_on_plateau", "--set", "training.epochs=5"]);
    expect(r.stdout).toBe("epoch,lr\n1,0.01\n2,0.01\n3,0.01\n4,0.01\n5,0.01\n");
    expect(r.stderr).toMatch(/^note: reduce_on_plateau depends on the monitored values \(val_loss\)/);
  });
  it("the chart (not a TTY): a title line, 10 chart rows with y labels, the epoch axis", () => {
    const r = mltrain(["schedule", iris, "--set", "schedule={type: step, factor: 0.5, every: 25}"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Learning rate per epoch: step (factor=0.5, every=25, warmup_epochs=0), lr0 0.01, 100 epochs");
    expect(lines.slice(1, 11).every((l) => /^\s*\d[\d.e-]* ┤/.test(l))).toBe(true);
    expect(lines[11]).toMatch(/^\s+1\s+100 {2}\(epoch\)$/);
    expect(r.stdout).not.toMatch(/\x1b/);
  });
  it("a bad config: exit 2 with the file:line:col message", () => {
    const r = mltrain(["schedule", iris, "--set", "schedule.type=cosin"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/schedule\.type/);
  });
});
