// predictions.csv as the report reads it: fit's form (predict's columns with the targets kept) and
// the `# split:` form of older run folders.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fitPredictionsCsv } from "../../src/report/predictions_csv.js";
import { parsePredictionsCsv } from "../../src/report/index.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/report");
const rowIds = Int32Array.from([4, 9]);

describe("fitPredictionsCsv", () => {
  it("one target: TARGET,row,prediction (predict --keep TARGET's header), float32 values as written", () => {
    const csv = fitPredictionsCsv({ targets: ["y"], y: Float32Array.from([1.5, -2]), output: Float32Array.from([1.25, 0.1]), rows: 2, rowIds });
    expect(csv).toBe("y,row,prediction\n1.5,4,1.25\n-2,9,0.1\n");
  });
  it("several targets: the targets, row, prediction_TARGET each; a target named row or prediction is kept as true_TARGET", () => {
    const two = fitPredictionsCsv({ targets: ["u", "v"], y: Float32Array.from([1, 2, 3, 4]), output: Float32Array.from([5, 6, 7, 8]), rows: 2, rowIds });
    expect(two).toBe("u,v,row,prediction_u,prediction_v\n1,2,4,5,6\n3,4,9,7,8\n");
    const clash = fitPredictionsCsv({ targets: ["row"], y: Float32Array.from([1, 2]), output: Float32Array.from([3, 4]), rows: 2, rowIds });
    expect(clash).toBe("true_row,row,prediction\n1,4,3\n2,9,4\n");
  });
});

describe("parsePredictionsCsv", () => {
  it("reads fit's form back: targets, rows, truth and predictions; the split comes from metrics.json", () => {
    const csv = fitPredictionsCsv({ targets: ["u", "v"], y: Float32Array.from([1, 2, 3, 4]), output: Float32Array.from([5, 6, 7, 8]), rows: 2, rowIds });
    expect(parsePredictionsCsv(csv, "validation")).toEqual({ split: "validation", targets: ["u", "v"], rows: [4, 9], truth: [[1, 3], [2, 4]], predicted: [[5, 7], [6, 8]] });
    const clash = fitPredictionsCsv({ targets: ["prediction"], y: Float32Array.from([1, 2]), output: Float32Array.from([3, 4]), rows: 2, rowIds });
    expect(parsePredictionsCsv(clash)).toEqual({ split: "test", targets: ["prediction"], rows: [4, 9], truth: [[1, 2]], predicted: [[3, 4]] });
    expect(parsePredictionsCsv('"a,b",row,prediction\n1,2,3\n')!.targets).toEqual(["a,b"]);
  });
  it("reads an older run folder's `# split:` form (test/fixtures/report/diabetes)", () => {
    const p = parsePredictionsCsv(readFileSync(path.join(fixtures, "diabetes", "predictions.csv"), "utf8"))!;
    expect(p.split).toBe("test");
    expect(p.targets).toEqual(["progression"]);
    expect([p.rows[0], p.truth[0][0], p.predicted[0][0]]).toEqual([274, 241, 208.56735]); // its first data line: 274,241,208.56735
  });
  it("is null for a CSV of another shape (predict's output without the target, a data file)", () => {
    expect(parsePredictionsCsv("row,prediction\n1,2\n")).toBeNull();
    expect(parsePredictionsCsv("a,b,c\n1,2,3\n")).toBeNull();
    expect(parsePredictionsCsv("y,row,p_y\n1,2,3\n")).toBeNull();
  });
});
