// fit on a CSV with an id column (warned about, with the data.ignore to set) and a numeric code column
// one-hot encoded by data.categorical, then predict through the stored encoding. Needs dist/.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mltrain as run, tmp } from "./cli.js";

const cwd = tmp("categorical");
const mltrain = (args: string[]) => run(args, cwd);

beforeAll(() => {
  // 60 rows: id p000..p059 (all distinct), code 1/2/3, size, y = a when code 1, else b
  const rows = Array.from({ length: 60 }, (_, r) => `p${String(r).padStart(3, "0")},${(r % 3) + 1},${(r * 7) % 10},${r % 3 === 0 ? "a" : "b"}`);
  writeFileSync(path.join(cwd, "shop.csv"), ["id,code,size,y", ...rows].join("\n") + "\n");
  writeFileSync(
    path.join(cwd, "shop.yaml"),
    ["data: { path: shop.csv, target: y }", "model:", "  layers:", "    - { type: dense, units: 4, activation: relu }", "    - { type: dense, activation: sigmoid }", "training: { epochs: 2, batch_size: 8 }", ""].join("\n"),
  );
});

describe("a text column that looks like an id", () => {
  it("fit warns on stderr, naming the column and the data.ignore that leaves it out, and still trains (exit 0)", () => {
    const r = mltrain(["fit", "shop.yaml", "-o", "run_id", "--verbose", "0"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatchInlineSnapshot(`"Warning: shop.csv: column "id" has 42 distinct values in 42 train rows, like an id: one-hot encoding makes 42 inputs that say nothing about new rows; leave it out with data.ignore: [id] (or list data.features)"`);
  });
  it("--json: stdout stays one JSON event per line; the warning is on stderr; --dry-run warns too", () => {
    const r = mltrain(["fit", "shop.yaml", "-o", "run_json", "--json"]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.trimEnd().split("\n")) expect(JSON.parse(line)).toHaveProperty("event");
    expect(r.stderr.split("\n")[0]).toMatch(/^Warning: shop\.csv: column "id" has 42 distinct values/);
    expect(mltrain(["fit", "shop.yaml", "--dry-run"]).stderr).toMatch(/^Warning: shop\.csv: column "id"/);
  });
  it("with data.ignore: [id] there is no warning", () => {
    const r = mltrain(["fit", "shop.yaml", "-o", "run_ok", "--verbose", "0", "--set", "data.ignore=[id]"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("data.categorical: [code]", () => {
  it("one-hot encodes the codes (model.json: code=1, code=2, code=3); predict applies it, an unseen code as an all-zero block", () => {
    const r = mltrain(["fit", "shop.yaml", "-o", "run_codes", "--verbose", "0", "--set", "data.ignore=[id]", "--set", "data.categorical=[code]"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const model = JSON.parse(readFileSync(path.join(cwd, "run_codes", "model.json"), "utf8"));
    expect(model.input.features).toEqual(["code=1", "code=2", "code=3", "size"]);
    expect(model.input.preprocessing.columns[0]).toEqual({ name: "code", kind: "categorical", categories: ["1", "2", "3"] });
    expect(model.config.data.categorical).toEqual(["code"]);
    // code 9 was never seen and a missing code (--missing mean) is no category: both are the all-zero block
    writeFileSync(path.join(cwd, "new.csv"), "code,size\n9,5\n,5\n1,5\n");
    const p = mltrain(["predict", "run_codes/model.json", "new.csv", "--missing", "mean"]);
    expect(p.code).toBe(0);
    const [, unseen, missing, one] = p.stdout.trimEnd().split("\n").map((l) => l.split(",").slice(1));
    expect(unseen).toEqual(missing);
    expect(one).not.toEqual(unseen);
  });
  it("validate shows it", () => {
    const r = mltrain(["validate", "shop.yaml", "--set", "data.categorical=[code]"]);
    expect(r.stdout.split("\n").find((l) => l.includes("features"))).toMatchInlineSnapshot(`"  features    every other column; one-hot codes: code"`);
  });
});
