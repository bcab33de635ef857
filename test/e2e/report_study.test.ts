// `mltrain report STUDY_DIR` end to end on a study folder built as `mltrain tune` builds one (trials run
// by the real `mltrain fit`, study_folder.ts): the page's numbers are the trials', the axes follow the
// spaces, pruned curves are grey and under the complete ones, the best is marked, failed trials show
// their reason, and the best trial's run report is below. Bad study folders: exit 2, nothing overwritten.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { num } from "../../src/report/index.js";
import { mltrain, tmp } from "./cli.js";
import { buildStudy, EPOCHS, PRUNED_AT, STUDY_TRIALS, type BuiltStudy } from "./study_folder.js";

let cwd: string;
let built: BuiltStudy;
let html: string;

beforeAll(() => {
  cwd = tmp("report-study");
  built = buildStudy(cwd);
  const r = mltrain(["report", "study"], cwd);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`Wrote ${path.join("study", "report.html")}\n`);
  html = readFileSync(path.join(cwd, "study", "report.html"), "utf8");
}, 120_000);

/** The SVG of the chart with data-chart `id`. */
const chart = (id: string) => {
  const m = html.match(new RegExp(`<svg class="chart[^"]*" data-chart="${id.replace(/[[\]]/g, "\\$&")}"[\\s\\S]*?</svg>`));
  if (!m) throw new Error(`no chart ${id}`);
  return m[0];
};

describe("mltrain report STUDY_DIR", () => {
  it("one self-contained page: no script, no URL; the study's name, metric, sampler and pruner", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/https?:|<script/i);
    expect(html).toContain("<h1>Study: iris</h1>");
    expect(html).toContain("val_accuracy (max) · sampler tpe · pruner asha (grace_epochs 1, reduction_factor 3) · seed 7");
    expect(html).toContain("The journal's last line was cut off (the study was stopped while writing it) and is ignored.");
  });

  it("the best trial is the complete one with the highest val_accuracy that fit printed; marked on the chart, in the table and in the key numbers", () => {
    const best = built.trials[built.best].value!;
    expect(html).toContain(`<div class="kpi"><div class="v">${num(best)}</div><div class="k">best val_accuracy</div></div>`);
    expect(html).toContain(`<div class="kpi"><div class="v">${built.best}</div><div class="k">best trial</div></div>`);
    expect(chart("study-trials")).toContain(`>best: trial ${built.best}</text>`);
    expect(html).toMatch(new RegExp(`<tr class="best" data-trial="${built.best}">`));
    expect(html).toContain(`Best trial: ${built.best} (val_accuracy ${num(best)}) — its run report, ${path.join("trials", String(built.best).padStart(4, "0"))}`);
  });

  it("every finished trial's value on the trial chart, each with its tooltip; the incomplete and failed trials have none", () => {
    const c = chart("study-trials");
    STUDY_TRIALS.forEach((t, n) => {
      const tip = `trial ${n}${t.end === "pruned" ? ` (pruned at epoch ${PRUNED_AT})` : ""}: val_accuracy ${num(built.trials[n].value)}`;
      if (t.end === "complete" || t.end === "pruned") expect(c).toContain(`<title>${tip}`);
      else expect(c).not.toContain(`<title>trial ${n}`);
    });
    expect(c).toContain('data-series="best so far" data-kind="best-so-far"');
  });

  it("learning curves: the pruned trial grey with its 2 epochs, before (under) the complete ones of 3 epochs, the best last", () => {
    const c = chart("study-curves");
    const paths = [...c.matchAll(/<path class="series" data-series="trial (\d+)" data-kind="(\w+)" data-points="(\d+)" d="[^"]*" stroke="([^"]+)"/g)].map((m) => [Number(m[1]), m[2], Number(m[3]), m[4]]);
    const complete = STUDY_TRIALS.flatMap((t, n) => (t.end === "complete" && n !== built.best ? [n] : []));
    expect(paths).toEqual([
      [2, "pruned", PRUNED_AT, "#b8bec8"],
      ...complete.map((n) => [n, "complete", EPOCHS, "#4e79a7"]),
      [built.best, "best", EPOCHS, "#2f855a"],
    ]);
    for (const [e, v] of built.trials[built.best].curve.entries()) expect(c).toContain(`epoch ${e + 1}: val_accuracy ${num(v)}</title>`);
  });

  it("parallel coordinates and scatters: log axes for the loguniform and int-log spaces, categories for choices and the optimizer subtree", () => {
    const pc = chart("study-parallel");
    const axes = [...pc.matchAll(/data-axis="([^"]+)" data-kind="(\w+)"/g)].map((m) => [m[1], m[2]]);
    expect(axes).toEqual([
      ["optimizer", "category"], ["optimizer.learning_rate", "log"], ["model.layers[0].units", "log"],
      ["model.layers[0].activation", "category"], ["training.batch_size", "category"], ["val_accuracy", "linear"],
    ]);
    expect(pc).toContain('data-lines="4"');
    expect(pc).toMatch(new RegExp(`data-kind="best" data-series="trial ${built.best}" data-points="6"`));
    expect(chart("study-param-optimizer.learning_rate")).toContain("optimizer.learning_rate (log scale)");
    expect(chart("study-param-model.layers[0].units")).toContain("model.layers[0].units (log scale)");
    const opt = chart("study-param-optimizer");
    expect([...opt.matchAll(/<g class="tick">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => /[a-z]/.test(t))).toEqual(["adam", "sgd"]);
    expect(html).toContain("adam = {&quot;type&quot;:&quot;adam&quot;}; sgd = {&quot;type&quot;:&quot;sgd&quot;,&quot;momentum&quot;:0.9}");
  });

  it("the failed trial with fit's own reason; the trial a kill cut short as incomplete", () => {
    const reason = built.trials[4].reason!;
    expect(reason).toMatch(/^the loss became NaN at epoch 1 \(batch \d+\): training diverged$/);
    expect(html).toContain(`<h2>Failed trials (1)</h2>`);
    expect(html).toContain(`<td class="reason">${reason}</td>`);
    expect(html).toMatch(/<tr class="incomplete" data-trial="5"><td>5<\/td><td class="status">incomplete<\/td>/);
  });

  it("the best trial's run report follows: its curves, evaluation and config from trials/NNNN", () => {
    const below = html.slice(html.indexOf('<section class="best-run">'));
    expect(below).toContain(`study/trials/${String(built.best).padStart(4, "0")} · completed`);
    expect(below).toContain('data-chart="curve-loss"');
    expect(below).toContain("<h2>Evaluation</h2>");
    expect(below).toContain("Resolved config (config.yaml)");
  });

  it("-o FILE writes elsewhere; a study folder with run folders: exit 2, nothing written", () => {
    const a = mltrain(["report", "study", "-o", "s.html"], cwd);
    expect([a.code, a.stdout]).toEqual([0, "Wrote s.html\n"]);
    const b = mltrain(["report", "study", "study/trials/0000", "-o", "both.html"], cwd);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe("mltrain: study is a study folder (it has study.jsonl); a study is reported on its own: mltrain report study\n");
  });

  it("a journal with a corrupted line in the middle: exit 2 naming study.jsonl and the line, no stack, the old report.html kept", () => {
    const dir = tmp("report-study-bad");
    cpSync(path.join(cwd, "study"), path.join(dir, "study"), { recursive: true });
    const journal = path.join(dir, "study", "study.jsonl");
    const lines = readFileSync(journal, "utf8").split("\n");
    lines[3] = lines[3].slice(0, 25);
    writeFileSync(journal, lines.join("\n"));
    writeFileSync(path.join(dir, "study", "report.html"), "good");
    const r = mltrain(["report", "study"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^study\/study\.jsonl:4: not a JSON object \(.*\); study\.jsonl holds one JSON object per line\n$/);
    expect(readFileSync(path.join(dir, "study", "report.html"), "utf8")).toBe("good");
  });
});
