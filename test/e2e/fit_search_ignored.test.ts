// fit on a config with a search: section trains the config as written and says so once. Needs dist/.
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

describe("fit on a config with search:", () => {
  it("warns once on stderr that fit ignores the section, and trains (exit 0)", () => {
    const cwd = tmp("search-ignored");
    copyFileSync(path.join(root, "datasets", "iris.csv"), path.join(cwd, "iris.csv"));
    writeFileSync(
      path.join(cwd, "s.yaml"),
      [
        "data: { path: iris.csv, target: species }",
        "model: { layers: [{ type: dense, units: 3, activation: softmax }] }",
        "training: { epochs: 1 }",
        "search:",
        "  metric: val_loss",
        "  parameters:",
        "    optimizer.learning_rate: { space: loguniform, low: 1.0e-4, high: 0.1 }",
        "",
      ].join("\n"),
    );
    const r = mltrain(["fit", "s.yaml", "-o", "run", "--verbose", "0"], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"Warning: the config has a search: section; fit ignores it and trains the config as written (mltrain tune runs the search)"`);
  });
});
