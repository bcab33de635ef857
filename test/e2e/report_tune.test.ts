// `mltrain report` of a study the real `mltrain tune` ran (iris, 8 trials of up to 6 epochs, TPE, ASHA,
// parallel 2): the page agrees with the study's own files — every trial of study.csv with its status
// and value, the best trial the one best.yaml was written from, every pruned trial's curve grey and
// under the complete ones, the best trial's run report below — and it is self-contained.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { num } from "../../src/report/index.js";
import { mltrain, root, tmp } from "./cli.js";

let cwd: string;
let html: string;
let rows: Record<string, string>[];

const SEARCH = `
search:
  metric: val_accuracy
  trials: 8
  sampler: tpe
  pruner: { type: asha, grace_epochs: 1, reduction_factor: 2 }
  parallel: 2
  seed: 3
  parameters:
    optimizer: { space: choice, values: [{type: adam}, {type: sgd, momentum: 0.9}] }
    optimizer.learning_rate: { space: loguniform, low: 1.0e-3, high: 0.3 }
    model.layers[0].units: { space: int, low: 4, high: 64, log: true }
    training.batch_size: { space: choice, values: [8, 16, 32] }
`;

beforeAll(() => {
  cwd = tmp("report-tune");
  const iris = readFileSync(path.join(root, "configs", "iris.yaml"), "utf8").replace("../datasets/iris.csv", path.join(root, "datasets", "iris.csv"));
  writeFileSync(path.join(cwd, "iris-tune.yaml"), `${iris}${SEARCH}`);
  const t = mltrain(["tune", "iris-tune.yaml", "-o", "study", "--set", "training.epochs=6"], cwd);
  if (t.code !== 0) throw new Error(`mltrain tune failed (${t.code}): ${t.stdout}${t.stderr}`);
  const r = mltrain(["report", "study"], cwd);
  expect([r.code, r.stdout]).toEqual([0, `Wrote ${path.join("study", "report.html")}\n`]);
  html = readFileSync(path.join(cwd, "study", "report.html"), "utf8");
  rows = parse(readFileSync(path.join(cwd, "study", "study.csv"), "utf8"), { columns: true }) as Record<string, string>[];
}, 300_000);

describe("mltrain report of a study mltrain tune ran", () => {
  it("lists every trial of study.csv with its status and value", () => {
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const n = row.number;
      const tr = html.match(new RegExp(`<tr class="(\\w+)" data-trial="${n}">(.*?)</tr>`));
      expect(tr, `trial ${n}`).not.toBeNull();
      const cells = [...tr![2].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
      expect(cells[0]).toBe(n);
      expect(cells[1].split(" ")[0]).toBe(row.status);
      if (row.val_accuracy !== "") expect(cells[cells.length - 3]).toBe(num(Number(row.val_accuracy)));
    }
  });

  it("marks as best the trial whose values best.yaml holds", () => {
    const complete = rows.filter((r) => r.status === "complete");
    const best = complete.reduce((a, b) => (Number(b.val_accuracy) > Number(a.val_accuracy) ? b : a));
    expect(html).toMatch(new RegExp(`<tr class="best" data-trial="${best.number}">`));
    const yaml = readFileSync(path.join(cwd, "study", "best.yaml"), "utf8");
    expect(yaml).toContain(`batch_size: ${best["training.batch_size"]}`);
    expect(html).toContain(`Best trial: ${best.number} (val_accuracy ${num(Number(best.val_accuracy))})`);
    expect(html).toContain(`study/trials/${best.number.padStart(4, "0")} · completed`);
  });

  it("draws each pruned trial's curve grey, before the complete ones, stopping at the epoch it was pruned at", () => {
    const curves = html.match(/<svg class="chart line-chart" data-chart="study-curves"[\s\S]*?<\/svg>/)![0];
    const drawn = [...curves.matchAll(/data-series="trial (\d+)" data-kind="(\w+)" data-points="(\d+)"[^>]*?(?:stroke|fill)="([^"]+)"/g)].map((m) => ({ n: m[1], kind: m[2], points: Number(m[3]), colour: m[4] }));
    const pruned = rows.filter((r) => r.status === "pruned");
    expect(pruned.length, "the study prunes some trials").toBeGreaterThan(0);
    for (const r of pruned) {
      const d = drawn.find((x) => x.n === r.number)!;
      expect(d).toMatchObject({ kind: "pruned", points: Number(r.epochs), colour: "#b8bec8" });
    }
    const lastPruned = Math.max(...drawn.flatMap((d, i) => (d.kind === "pruned" ? [i] : [])));
    const firstOther = Math.min(...drawn.flatMap((d, i) => (d.kind !== "pruned" ? [i] : [])));
    expect(lastPruned).toBeLessThan(firstOther);
  });

  it("is self-contained: no script, no URL", () => {
    expect(html).not.toMatch(/<script|https?:/i);
  });
});
