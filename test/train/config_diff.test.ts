import { describe, expect, it } from "vitest";
import { changesText, configDiff } from "../../src/train/config_diff.js";

describe("configDiff: the leaves where two configs differ, as --set paths", () => {
  it("nested keys and list items; key order and undefined-vs-absent do not count", () => {
    const a = { seed: 42, training: { epochs: 5, batch_size: 16 }, model: { layers: [{ type: "dense", units: 16 }, { type: "dense", units: 3 }] }, loss: undefined };
    const b = { model: { layers: [{ units: 8, type: "dense" }, { type: "dense", units: 3 }] }, training: { batch_size: 16, epochs: 5 }, seed: 42 };
    expect(configDiff(a, b)).toEqual([{ path: "model.layers[0].units", before: 16, after: 8 }]);
    expect(configDiff(a, structuredClone(a))).toEqual([]);
  });
  it("a list of another length, a key only on one side, a changed subtree type", () => {
    const changes = configDiff({ metrics: ["accuracy"], schedule: "constant" }, { metrics: ["accuracy", "f1"], schedule: { type: "cosine" }, clip_norm: 1 });
    expect(changesText(changes)).toMatchInlineSnapshot(`"metrics ["accuracy"] → ["accuracy","f1"], schedule "constant" → {"type":"cosine"}, clip_norm (unset) → 1"`);
  });
  it("changesText shows at most `max` changes, then how many more", () => {
    const changes = configDiff({ a: 1, b: 2, c: 3 }, { a: 0, b: 0, c: 0 });
    expect(changesText(changes, 2)).toMatchInlineSnapshot(`"a 1 → 0, b 2 → 0, and 1 more"`);
  });
});
