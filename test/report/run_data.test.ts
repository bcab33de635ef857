// Which runs a report draws (src/report/run_data.ts loadRuns): a run folder is one run, a cv folder its
// folds in cv.json's order; runs are told apart by their config's name, or by their folder when names repeat.
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuns } from "../../src/report/index.js";
import { tmp } from "../e2e/cli.js";

const fixtures = path.join("test", "fixtures", "report");

describe("loadRuns", () => {
  it("labels runs by name, and by folder when two runs share a name", () => {
    expect(loadRuns([path.join(fixtures, "iris"), path.join(fixtures, "diabetes")], ["runs/iris", "runs/diabetes"]).map((r) => r.label)).toEqual(["iris", "diabetes"]);
    expect(loadRuns([path.join(fixtures, "iris"), path.join(fixtures, "iris")], ["a/iris", "b/iris"]).map((r) => r.label)).toEqual(["a/iris", "b/iris"]);
  });

  it("reads a cv folder as its folds, in cv.json's order, labelled NAME/FOLD", () => {
    const cv = tmp("report-cv");
    for (const d of ["fold-1", "fold-2.partial"]) cpSync(path.join(fixtures, "iris"), path.join(cv, d), { recursive: true });
    writeFileSync(path.join(cv, "cv.json"), JSON.stringify({ format: "mltrain-cv", version: 1, name: "iris", runs: [{ dir: "fold-2.partial" }, { dir: "fold-1" }] }));
    const runs = loadRuns([cv], ["runs/iris-cv"]);
    expect(runs.map((r) => [r.label, r.dir])).toEqual([
      ["iris/fold-2.partial", path.join("runs/iris-cv", "fold-2.partial")],
      ["iris/fold-1", path.join("runs/iris-cv", "fold-1")],
    ]);
  });

  it("refuses a cv.json whose runs do not name folders inside it", () => {
    const cv = tmp("report-cv");
    writeFileSync(path.join(cv, "cv.json"), JSON.stringify({ format: "mltrain-cv", version: 1, name: "iris", runs: [{ dir: "../elsewhere" }] }));
    expect(() => loadRuns([cv])).toThrow(/cv\.json: runs must list the fold folders/);
  });
});
