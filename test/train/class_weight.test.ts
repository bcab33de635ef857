// training.class_weight resolved to the engine's vector: balanced against scikit-learn's
// compute_class_weight (test/fixtures/generate/torch_class_weight.py), maps with unlisted labels 1.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Table } from "../../src/data/index.js";
import { classWeightVector } from "../../src/train/class_weight.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/engine/torch_class_weight.json", import.meta.url), "utf8"));

function table(y: number[], nOut: number): Table {
  const rows = y.length / nOut;
  return { x: new Float32Array(rows), y: Float32Array.from(y), rows, nIn: 1, nOut, rowIds: new Int32Array(rows) };
}

describe("classWeightVector", () => {
  it(`balanced equals sklearn ${fx.versions.sklearn} compute_class_weight("balanced") on one-hot targets (1e-12)`, () => {
    const { labels, classes, weights } = fx.balanced as { labels: string[]; classes: string[]; weights: number[] };
    const y = labels.flatMap((l) => classes.map((c) => (c === l ? 1 : 0)));
    const got = classWeightVector("balanced", classes, table(y, classes.length))!;
    got.forEach((w, i) => expect(w).toBeCloseTo(weights[i], 12));
  });

  it("balanced on a binary 0/1 column: [negative, positive] (3 negatives, 1 positive: 4/6, 4/2)", () => {
    expect(classWeightVector("balanced", ["no", "yes"], table([0, 1, 0, 0], 1))).toEqual([4 / 6, 2]);
  });

  it("a {LABEL: weight} map in class order, unlisted labels 1 (Keras); null without class_weight", () => {
    expect(classWeightVector({ c: 3, a: 0.5 }, ["a", "b", "c"], table([1, 0, 0], 3))).toEqual([0.5, 1, 3]);
    expect(classWeightVector(null, ["a", "b"], table([1], 1))).toBeNull();
  });

  it("balanced with a class absent from the train split: a data.split error naming it", () => {
    expect(() => classWeightVector("balanced", ["a", "b", "c"], table([1, 0, 0, 0, 1, 0], 3))).toThrowErrorMatchingInlineSnapshot(`[MltrainError: training.class_weight: balanced needs every class in the train split, but "c" has no train rows; give the weights as {LABEL: weight}, or split with stratify: true]`);
  });
});
