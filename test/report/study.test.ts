// The study report's data and charts from journals written here per the study folder contract
// (STUDY_FORMAT.md): tolerant reading (a torn last line, unknown events, a resumed trial), the axes a
// parameter's space gives (log, linear, categories, subtrees), the best-so-far line, the order of the
// curves (pruned under complete, the best on top) and parallel coordinates.
import { describe, expect, it } from "vitest";
import { MltrainError } from "../../src/errors.js";
import {
  buildStudyHtml,
  categoryLabels,
  layoutParallel,
  paramAxis,
  parallelChart,
  paramScatters,
  replayJournal,
  tightLogScale,
  trialChart,
  trialCurves,
  trialOrder,
  type StudyData,
} from "../../src/report/index.js";

const header = {
  type: "study", version: 1, name: "digits", config: "configs/digits-tune.yaml", metric: "val_accuracy", mode: "max", sampler: "tpe",
  pruner: { type: "asha", grace_epochs: 1, reduction_factor: 3 }, seed: 7, trials: 4,
  parameters: {
    "optimizer.learning_rate": { space: "loguniform", low: 0.0001, high: 0.1 },
    "model.layers[0].units": { space: "int", low: 8, high: 128, log: true },
    "model.layers[1].rate": { space: "uniform", low: 0, high: 0.5 },
    "training.batch_size": { space: "choice", values: [16, 32, 64] },
    optimizer: { space: "choice", values: [{ type: "adam" }, { type: "sgd", momentum: 0.9 }] },
  },
};
const p = (lr: number, units: number, rate: number, bs: number, opt: object) => ({ "optimizer.learning_rate": lr, "model.layers[0].units": units, "model.layers[1].rate": rate, "training.batch_size": bs, optimizer: opt });
const ep = (trial: number, epoch: number, v: number) => ({ type: "epoch", trial, epoch, metrics: { loss: 1 - v, accuracy: v, val_loss: 1.1 - v, val_accuracy: v } });
const events: Record<string, unknown>[] = [
  header,
  { type: "asked", trial: 0, params: p(0.01, 64, 0.2, 32, { type: "adam" }) },
  { type: "asked", trial: 1, params: p(0.0002, 8, 0.1, 16, { type: "sgd", momentum: 0.9 }) },
  ep(0, 1, 0.8), ep(1, 1, 0.3), ep(0, 2, 0.9),
  { type: "pruned", trial: 1, epoch: 1, value: 0.3 },
  { type: "complete", trial: 0, value: 0.9, epochs: 2, seconds: 1.5 },
  { type: "asked", trial: 2, params: p(0.05, 128, 0.4, 64, { type: "adam" }) },
  { type: "failed", trial: 2, epoch: 0, reason: "diverged: loss is NaN at epoch 1" },
  { type: "future_event", trial: 9, whatever: true },
  { type: "resume", trials: 6 },
  { type: "asked", trial: 3, params: p(0.003, 32, 0.3, 32, { type: "adam" }) },
  ep(3, 1, 0.85), ep(3, 2, 0.95),
  { type: "complete", trial: 3, value: 0.95, epochs: 2, seconds: 2.5 },
  { type: "asked", trial: 4, params: p(0.001, 16, 0.0, 16, { type: "sgd", momentum: 0.9 }) },
  ep(4, 1, 0.7), ep(4, 2, 0.8),
  { type: "complete", trial: 4, value: 0.8, epochs: 2, seconds: 2 },
];
const jsonl = (es: object[]) => es.map((e) => `${JSON.stringify(e)}\n`).join("");
const study = (text: string): StudyData => ({ dir: "runs/digits-tune", bestRun: null, bestRunNote: "no folder", ...replayJournal(text, "runs/digits-tune/study.jsonl") });

describe("reading study.jsonl", () => {
  it("replays trials in order with their status, value, epochs and reason; unknown event types are skipped; resume raises the planned total", () => {
    const s = study(jsonl(events));
    expect(s.planned).toBe(6);
    expect(s.maximize).toBe(true);
    expect(s.trials.map((t) => [t.number, t.status, t.value, t.endEpoch, t.epochs.length])).toEqual([
      [0, "complete", 0.9, 2, 2],
      [1, "pruned", 0.3, 1, 1],
      [2, "failed", null, 0, 0],
      [3, "complete", 0.95, 2, 2],
      [4, "complete", 0.8, 2, 2],
    ]);
    expect(s.trials[2].reason).toBe("diverged: loss is NaN at epoch 1");
    expect(s.best?.number).toBe(3);
    expect(s.tornLine).toBe(false);
  });

  it("a torn last line (kill -9 while writing) is ignored, even when it would parse", () => {
    const full = jsonl(events);
    const torn = study(`${full}{"type":"epoch","trial":5,"epo`);
    expect(torn.tornLine).toBe(true);
    expect(torn.trials).toHaveLength(5);
    const unterminated = study(`${full}${JSON.stringify({ type: "asked", trial: 5, params: {} })}`);
    expect(unterminated.trials).toHaveLength(5);
  });

  it("an asked trial with no finish is incomplete; resumed, its journalled epochs stay and the runner's later ones follow; an epoch line again replaces", () => {
    const killed = [{ type: "asked", trial: 5, params: p(0.01, 8, 0, 16, { type: "adam" }) }, ep(5, 1, 0.5), ep(5, 2, 0.55)];
    const s = study(jsonl([...events, ...killed]));
    expect([s.trials[5].status, s.trials[5].epochs.length]).toEqual(["incomplete", 2]);
    const resumed = study(jsonl([...events, ...killed, { type: "resume", trials: 6 }, ep(5, 3, 0.6), ep(5, 2, 0.56), { type: "complete", trial: 5, value: 0.6, epochs: 3, seconds: 1 }]));
    expect(resumed.trials[5].status).toBe("complete");
    expect(resumed.trials[5].epochs.map((e) => [e.epoch, e.metrics.val_accuracy])).toEqual([[1, 0.5], [2, 0.56], [3, 0.6]]);
  });

  it("mode min: the lowest complete value is the best; the first of equals wins", () => {
    const s = study(jsonl([{ ...header, metric: "val_loss", mode: "min" }, ...events.slice(1).map((e) => (e.type === "complete" && e.trial === 4 ? { ...e, value: 0.5 } : e))]));
    expect(s.maximize).toBe(false);
    expect(s.best?.number).toBe(4);
    const tie = study(jsonl([header, ...events.slice(1).map((e) => (e.type === "complete" && e.trial === 4 ? { ...e, value: 0.95 } : e))]));
    expect(tie.best?.number).toBe(3);
  });

  it("a complete line that is not JSON, a first line that is no study header, another version: MltrainError at the line", () => {
    const catchIt = (text: string) => {
      try {
        replayJournal(text, "s/study.jsonl");
      } catch (e) {
        expect(e).toBeInstanceOf(MltrainError);
        return `${(e as MltrainError).where?.file}:${(e as MltrainError).where?.line}: ${(e as MltrainError).message}`;
      }
      throw new Error("no error");
    };
    const lines = jsonl(events).split("\n");
    lines[4] = lines[4].slice(0, 20);
    expect(catchIt(lines.join("\n"))).toMatch(/^s\/study\.jsonl:5: not a JSON object \(/);
    expect(catchIt(jsonl(events.slice(1)))).toBe('s/study.jsonl:1: not a study journal: its first line should be the {"type":"study", ...} header that mltrain tune writes');
    expect(catchIt(jsonl([{ ...header, version: 2 }]))).toBe("s/study.jsonl:1: study journal version 2; this mltrain reads version 1");
    expect(catchIt(jsonl([header, { type: "epoch", epoch: 1 }]))).toBe('s/study.jsonl:2: a "epoch" event needs a trial number, got undefined');
  });
});

describe("parameter axes from the search spaces", () => {
  it("loguniform and int log: log axes over [low, high]; uniform and int: linear; a choice (numbers too): categories in the space's order", () => {
    const kinds = Object.entries(header.parameters).map(([k, sp]) => [k, paramAxis(k, sp, []).kind, paramAxis(k, sp, []).domain]);
    expect(kinds).toEqual([
      ["optimizer.learning_rate", "log", [0.0001, 0.1]],
      ["model.layers[0].units", "log", [8, 128]],
      ["model.layers[1].rate", "linear", [0, 0.5]],
      ["training.batch_size", "category", [-0.5, 2.5]],
      ["optimizer", "category", [-0.5, 1.5]],
    ]);
    expect(paramAxis("u", { space: "int", low: 8, high: 64 }, []).kind).toBe("linear");
    const bs = paramAxis("training.batch_size", header.parameters["training.batch_size"], [32]);
    expect([bs.categories, bs.position(32), bs.position(48)]).toEqual([["16", "32", "64"], 1, null]);
  });

  it("subtrees: named by type or by their layers' units (dropouts only when they tell lists apart), spelt out in the legend; #i when the short names collide", () => {
    const opt = paramAxis("optimizer", header.parameters.optimizer, []);
    expect(opt.categories).toEqual(["adam", "sgd"]);
    expect(opt.legend).toEqual(['adam = {"type":"adam"}', 'sgd = {"type":"sgd","momentum":0.9}']);
    expect(opt.position({ type: "sgd", momentum: 0.9 })).toBe(1);
    expect(opt.text({ type: "sgd", momentum: 0.9 })).toBe("sgd");
    const layers = [
      [{ type: "dense", units: 64, activation: "relu" }, { type: "dropout", rate: 0.2 }, { type: "dense", units: 10, activation: "softmax" }],
      [{ type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 10, activation: "softmax" }],
    ];
    expect(categoryLabels(layers)).toEqual(["64-10", "128-10"]);
    const dropoutApart = [[{ type: "dense", units: 64 }, { type: "dropout", rate: 0.2 }, { type: "dense", units: 10 }], [{ type: "dense", units: 64 }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 10 }]];
    expect(categoryLabels(dropoutApart)).toEqual(["64-do0.2-10", "64-do0.5-10"]);
    expect(categoryLabels([{ type: "adam" }, { type: "adam", amsgrad: true }, "x"])).toEqual(["#0", "#1", "x"]);
  });

  it("a tight log axis: 8..128 ticked inside the range (10, 20, 50, 100), 1e-4..0.1 at each decade", () => {
    expect(tightLogScale(8, 128, [0, 100]).ticks).toEqual([10, 20, 50, 100]);
    const s = tightLogScale(0.0001, 0.1, [0, 300]);
    expect(s.ticks).toEqual([0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]);
    expect([s.at(0.0001), s.at(0.1)]).toEqual([0, 300]);
  });
});

describe("the study charts", () => {
  const s = study(jsonl(events));

  it("the metric of every trial: pruned and complete points, best so far as a step line, the best marked", () => {
    const c = trialChart(s);
    expect(c.xKind).toBe("index");
    expect(c.yKind).toBe("fraction");
    expect(c.series.map((x) => [x.kind, x.points])).toEqual([
      ["pruned", [[1, 0.3]]],
      ["complete", [[0, 0.9], [3, 0.95], [4, 0.8]]],
      ["best-so-far", [[0, 0.9], [3, 0.9], [3, 0.95], [4, 0.95]]],
      ["best", [[3, 0.95]]],
    ]);
    expect(c.markers).toEqual([{ x: 3, label: "best: trial 3", colour: "#2f855a" }]);
    expect(c.note).toContain("1 failed trial (no value) listed below.");
  });

  it("learning curves: pruned grey first (under), complete, the best last; a one-epoch curve is a dot", () => {
    const c = trialCurves(s);
    expect(c.series.map((x) => [x.name, x.kind, x.colour, x.pointsOnly ?? false])).toEqual([
      ["trial 1", "pruned", "#b8bec8", true],
      ["trial 0", "complete", "#4e79a7", false],
      ["trial 4", "complete", "#4e79a7", false],
      ["trial 3", "best", "#2f855a", false],
    ]);
    expect(c.legend?.map((l) => l.name)).toEqual(["complete", "pruned", "best (trial 3)"]);
  });

  it("one scatter per parameter, with the axis kind of its space; category points jittered within their band", () => {
    const charts = paramScatters(s);
    expect(charts.map((c) => [c.xLabel, c.xKind])).toEqual([
      ["optimizer.learning_rate", "log"],
      ["model.layers[0].units", "log"],
      ["model.layers[1].rate", "auto"],
      ["training.batch_size", "category"],
      ["optimizer", "category"],
    ]);
    const bs = charts[3].series.flatMap((x) => x.points.map(([v]) => v));
    for (const v of bs) expect(Math.abs(v - Math.round(v))).toBeLessThanOrEqual(0.25);
    expect(charts[0].series.map((x) => [x.kind, x.points.length])).toEqual([["pruned", 1], ["complete", 2], ["best", 1]]);
  });

  it("parallel coordinates: an axis per parameter and the metric; one line per scored trial, the best drawn last", () => {
    const c = parallelChart(s);
    expect(c.axes.map((a) => [a.label, a.kind])).toEqual([
      ["optimizer.learning_rate", "log"], ["model.layers[0].units", "log"], ["model.layers[1].rate", "linear"],
      ["training.batch_size", "category"], ["optimizer", "category"], ["val_accuracy", "linear"],
    ]);
    expect(c.lines.map((l) => [l.name, l.kind])).toEqual([["trial 1", "pruned"], ["trial 4", "complete"], ["trial 0", "complete"], ["trial 3", "best"]]);
    const { lines } = layoutParallel(c);
    expect(lines.map((l) => l.points.length)).toEqual([6, 6, 6, 6]);
    expect(c.lines[3].values).toEqual([0.003, 32, 0.3, 1, 0, 0.95]);
  });

  it("the trials table's order: complete best first, then pruned, failed, unfinished", () => {
    expect(trialOrder(s).map((t) => t.number)).toEqual([3, 0, 4, 1, 2]);
  });

  it("the page: self-contained, the failure reason, the best row marked, and a note when the best trial's folder is missing", () => {
    const html = buildStudyHtml(s);
    expect(html).not.toMatch(/<script|https?:/i);
    expect(html).toContain("diverged: loss is NaN at epoch 1");
    expect(html).toMatch(/<tr class="best" data-trial="3">/);
    expect(html).toContain('<p class="note">no folder</p>');
  });
});
