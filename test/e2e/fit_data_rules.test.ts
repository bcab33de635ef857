// Checks that need the data (the inferred task, the number of classes) report like the loader's own:
// `file:line:col: path: message`, or the --set they came from; exit 2, nothing written.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";

const iris = readFileSync(path.join(root, "configs", "iris.yaml"), "utf8").replace("../datasets", path.join(root, "datasets"));

function fit(yaml: string, args: string[] = []) {
  const cwd = tmp("rules");
  writeFileSync(path.join(cwd, "c.yaml"), yaml);
  const r = mltrain(["fit", "c.yaml", "-o", "run", ...args], cwd);
  return { code: r.code, stderr: r.stderr, wrote: existsSync(path.join(cwd, "run")) };
}

describe("fit: config problems that only the data reveals", () => {
  it("an output width that disagrees with the classes points at the units in the file", () => {
    const yaml = iris.replace("{ type: dense, units: 3, activation: softmax }", "{ type: dense, units: 4, activation: softmax }");
    const line = yaml.split("\n").findIndex((l) => l.includes("units: 4")) + 1;
    const col = yaml.split("\n")[line - 1].indexOf("4") + 1;
    const r = fit(yaml);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`c.yaml:${line}:${col}: model.layers[1].units: the last dense layer has 4 units but the data has 3 classes; set units: 3 or omit it\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.wrote).toBe(false);
  });

  it("the same mistake made with --set names the override", () => {
    const r = fit(iris, ["--set", "model.layers[1].units=2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set model.layers[1].units=2: model.layers[1].units: the last dense layer has 2 units but the data has 3 classes; set units: 3 or omit it\n");
  });

  it("an inferred task that does not fit the output activation points at that activation", () => {
    const yaml = iris.replace("task: multiclass", "task: auto").replace("{ type: dense, units: 3, activation: softmax }", "{ type: dense, activation: sigmoid }").replace("loss: categorical_crossentropy", "");
    const line = yaml.split("\n").findIndex((l) => l.includes("activation: sigmoid")) + 1;
    const r = fit(yaml);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`c\\.yaml:${line}:\\d+: model\\.layers\\[1\\]\\.activation: .*softmax`));
    expect(r.wrote).toBe(false);
  });
});
