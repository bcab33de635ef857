import { describe, expect, it } from "vitest";
import { GradientWatch } from "../../src/train/index.js";

describe("gradient-norm watch", () => {
  it("warns once, naming the layer and a fix, when a layer's norm collapses below 1e-5 of the largest", () => {
    const w = new GradientWatch(["dense", "dense_1", "dense_2"]);
    expect(w.check(1, [0.5, 0.8, 1.2])).toEqual([]);
    const [warning, ...rest] = w.check(2, [1e-7, 0.8, 1.2]); // 1e-7 < 1e-5 * 1.2
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ kind: "vanishing_gradient", layer: "dense", epoch: 2 });
    expect(warning.message).toMatch(/layer dense collapsed to 1\.0e-7 .* at epoch 2: vanishing gradient; try relu\/leaky_relu/);
    expect(w.check(3, [1e-8, 0.8, 1.2])).toEqual([]); // once per layer
  });

  it("warns when a norm explodes (above 1e4, or 1000x its first-epoch value) and suggests a lower lr or clip_norm", () => {
    const w = new GradientWatch(["dense", "dense_1"]);
    expect(w.check(1, [0.01, 2])).toEqual([]);
    expect(w.check(2, [5, 2]).map((x) => [x.kind, x.layer])).toEqual([]); // 500x: not yet
    const out = w.check(3, [20, 3e4]);
    expect(out.map((x) => [x.kind, x.layer])).toEqual([["exploding_gradient", "dense"], ["exploding_gradient", "dense_1"]]);
    expect(out[1].message).toMatch(/lower optimizer\.learning_rate or set training\.clip_norm/);
  });
});
