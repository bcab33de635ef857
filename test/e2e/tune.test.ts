// mltrain tune on a small iris study (test/e2e/tune_study.ts): the same study whatever --parallel is,
// pruned and failed trials in the journal and study.csv, best.yaml that fit trains to the best trial's
// weights and scores, and a rerun that keeps the trials and --trials that adds more. Needs dist/.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain } from "./cli.js";
import { csvWithoutSeconds, journal, journalByTrial, STUDY, studyDir, trialWeights } from "./tune_study.js";

let cwd: string;
let one: ReturnType<typeof mltrain>;
let two: ReturnType<typeof mltrain>;
beforeAll(() => {
  cwd = studyDir("tune");
  one = mltrain(["tune", "study.yaml", "-o", "p1", "--parallel", "1"], cwd);
  two = mltrain(["tune", "study.yaml", "-o", "p2", "--parallel", "2"], cwd);
}, 120_000);

describe("mltrain tune", () => {
  it("parallel 1 and 2 give the same study: study.csv (but seconds), the journal per trial, every trial's weights", () => {
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const p1 = path.join(cwd, "p1");
    const p2 = path.join(cwd, "p2");
    expect(csvWithoutSeconds(p2)).toBe(csvWithoutSeconds(p1));
    expect(journalByTrial(p2)).toEqual(journalByTrial(p1));
    expect(trialWeights(p2)).toEqual(trialWeights(p1));
    expect(readFileSync(path.join(p2, "best.yaml"), "utf8")).toBe(readFileSync(path.join(p1, "best.yaml"), "utf8"));
  });

  it("records pruned and failed trials with their epoch and reason, complete ones with their value", () => {
    const csv = csvWithoutSeconds(path.join(cwd, "p1"));
    expect(csv).toMatchInlineSnapshot(`
      "number,status,optimizer.learning_rate,model.layers[0].units,model.layers[1].units,val_loss,epochs
      0,failed,0.01265749915114982,15,5,,0
      1,failed,0.007390815512318634,27,5,,0
      2,failed,0.27290104997378084,13,5,,0
      3,complete,0.011335772851944691,30,3,0.29512676332591975,6
      4,failed,0.003366164807315838,15,5,,0
      5,pruned,0.012069023155987115,24,3,0.4843835657384597,2
      6,complete,0.023491869256539052,25,3,0.1808242703329345,6
      7,failed,0.0019404345665923087,10,5,,0
      "
    `);
    const failed = journal(path.join(cwd, "p1")).find((e) => e.type === "failed")!;
    expect(failed.epoch).toBe(0);
    expect(String(failed.reason)).toContain("the last dense layer has 5 units but the data has 3 classes");
  });

  it("prints one line per finished trial on a pipe, then the top trials and where the files are", () => {
    const lines = one.stdout.replace(/\d+\.\d\d s;/g, "T s;").trimEnd().split("\n");
    expect(lines[0]).toBe("Study in p1: 8 trials, 1 process, val_loss (min)");
    expect(lines.filter((l) => l.startsWith("Trial ")).length).toBe(8);
    expect(lines.slice(-2)).toEqual(["Trials: p1/study.csv", expect.stringMatching(/^Best: trial \d+, its config in p1\/best\.yaml \(train it: mltrain fit p1\/best\.yaml\)$/)]);
    expect(one.stdout).toContain("Top ");
  });

  it("mltrain fit best.yaml trains the best trial's weights and scores exactly", () => {
    const p1 = path.join(cwd, "p1");
    const best = /Best: trial (\d+)/.exec(one.stdout)![1].padStart(4, "0");
    const r = mltrain(["fit", "p1/best.yaml", "-o", "refit", "--verbose", "0"], cwd);
    expect(r.code).toBe(0);
    const model = (dir: string) => JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")).layers;
    expect(model(path.join(cwd, "refit"))).toEqual(model(path.join(p1, "trials", best)));
    const scores = (dir: string) => {
      const m = JSON.parse(readFileSync(path.join(dir, "metrics.json"), "utf8"));
      return { history: readFileSync(path.join(dir, "history.csv"), "utf8").split("\n").map((l) => l.split(",").filter((_, i) => i !== 6).join(",")), test: m.test, validation: m.validation, train: m.train };
    };
    expect(scores(path.join(cwd, "refit"))).toEqual(scores(path.join(p1, "trials", best)));
    expect(readFileSync(path.join(p1, "best.yaml"), "utf8")).not.toContain("search");
  });

  it("a rerun keeps every trial; --trials 10 adds trials 8 and 9, the same as a 10-trial study's", () => {
    const dir = path.join(cwd, "p1");
    const before = csvWithoutSeconds(dir);
    const again = mltrain(["tune", "study.yaml", "-o", "p1"], cwd);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toBe("Resuming the study in p1: 8 of 8 trials done; 1 process, val_loss (min)");
    expect(csvWithoutSeconds(dir)).toBe(before);
    const more = mltrain(["tune", "study.yaml", "-o", "p1", "--trials", "10"], cwd);
    expect(more.code).toBe(0);
    expect(more.stdout.split("\n").filter((l) => l.startsWith("Trial ")).map((l) => l.split(" ")[1])).toEqual(["8", "9"]);
    const ten = mltrain(["tune", "study.yaml", "-o", "p10", "--trials", "10", "--parallel", "2"], cwd);
    expect(ten.code).toBe(0);
    expect(csvWithoutSeconds(dir)).toBe(csvWithoutSeconds(path.join(cwd, "p10")));
    expect(journal(dir).filter((e) => e.type === "resume")).toEqual([{ type: "resume", trials: 8 }, { type: "resume", trials: 10 }]);
    expect(csvWithoutSeconds(dir).trimEnd().split("\n")).toHaveLength(11);
  });

  it("--json: trial_start, trial_epoch, trial_end and done lines on stdout", () => {
    const r = mltrain(["tune", "study.yaml", "-o", "pj", "--json", "--trials", "6"], cwd);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { event: string; trial?: number; status?: string; epochs?: number; epoch?: number });
    for (const n of [0, 1, 2, 3, 4, 5]) {
      const mine = events.filter((e) => e.trial === n);
      const end = mine.at(-1)!;
      const epochs = end.status === "complete" ? end.epochs : end.status === "pruned" ? end.epoch : 0;
      expect(mine.map((e) => e.event)).toEqual(["trial_start", ...Array(epochs).fill("trial_epoch"), "trial_end"]);
    }
    expect(new Set(events.map((e) => e.status))).toEqual(new Set([undefined, "complete", "failed", "pruned", "completed"]));
    expect(events.at(-1)).toMatchObject({ event: "done", status: "completed", files: ["pj/study.csv", "pj/best.yaml"] });
  });

  it("the median pruner too: parallel 1 and 2 prune the same trials at the same epochs", () => {
    const dir = studyDir("tune-median", STUDY.replace("{ type: asha, grace_epochs: 2, reduction_factor: 2 }", "{ type: median, n_startup_trials: 1, n_warmup_epochs: 1 }").replace("values: [3, 5]", "values: [3]"));
    expect(mltrain(["tune", "study.yaml", "-o", "m1", "--parallel", "1"], dir).code).toBe(0);
    expect(mltrain(["tune", "study.yaml", "-o", "m2", "--parallel", "2"], dir).code).toBe(0);
    const csv = csvWithoutSeconds(path.join(dir, "m1"));
    expect(csv).toContain(",pruned,");
    expect(csvWithoutSeconds(path.join(dir, "m2"))).toBe(csv);
  });
});
