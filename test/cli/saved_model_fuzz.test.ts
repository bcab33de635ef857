// The model.json reader never crashes: model files from real short fits (multiclass, binary, regression,
// multilabel, and one with a categorical feature and mean-filled cells) with fields deleted, retyped,
// replaced by values of other fields, arrays cut or grown, or the text truncated or a byte flipped,
// always evaluate/predict (with and without --missing) or fail with exit 2 and a message, through eval and predict (evaluateFile,
// predictFile) and as fit's model.init_from (see test/fuzz/oracle.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { evaluateFile } from "../../src/cli/eval.js";
import { predictFile } from "../../src/cli/predict.js";
import { run } from "../../src/cli/program.js";
import type { CliIo } from "../../src/cli/io.js";
import { applyJsonEdits, jsonBytes, jsonEdit, textEdit, type Json, type TextEdit } from "../fuzz/json_edits.js";
import { expectCleanExit, expectCleanOutcome, fuzzParams, fuzzTimeout } from "../fuzz/oracle.js";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "mltrain-fuzz-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Streams that drop what is written, in `dir` (for evaluateFile and predictFile). */
const quiet: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir };

/** The CLI in-process in `dir`: exit code and stderr. */
async function mltrain(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const io: CliIo = { ...quiet, stderr: { write: (s: string) => void (stderr += s) } };
  return { code: await run(args, io), stderr };
}

/** A small CSV with a numeric feature with empty cells, a text feature and a text target. */
function writeMixedCsv(): void {
  const colors = ["red", "green", "blue"];
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 7 === 0 ? "" : (i * 0.37) % 5},${colors[i % 3]},${(i * 7) % 3},${i % 2 === 0 ? "yes" : "no"}`);
  writeFileSync(path.join(dir, "mixed.csv"), ["a,color,b,label", ...rows].join("\n") + "\n");
}

interface Fitted {
  name: string;
  json: unknown;
  /** The first rows of the data it was trained on (eval and predict read them). */
  data: string;
  config: string;
}
const fitted: Fitted[] = [];

beforeAll(async () => {
  writeMixedCsv();
  writeFileSync(
    path.join(dir, "mixed.yaml"),
    "data: { path: mixed.csv, target: label, missing: mean }\nmodel: { layers: [{ type: dense, units: 4, activation: relu }, { type: dense, units: 1, activation: sigmoid }] }\n",
  );
  const configs: [string, string, string][] = [
    ["iris", path.join(root, "configs/iris.yaml"), path.join(root, "datasets/iris.csv")],
    ["breast_cancer", path.join(root, "configs/breast_cancer.yaml"), path.join(root, "datasets/breast_cancer.csv")],
    ["diabetes", path.join(root, "configs/diabetes.yaml"), path.join(root, "datasets/diabetes.csv")],
    ["digits_multilabel", path.join(root, "configs/digits_multilabel.yaml"), path.join(root, "datasets/digits_multilabel.csv")],
    ["mixed", path.join(dir, "mixed.yaml"), path.join(dir, "mixed.csv")],
  ];
  for (const [name, config, csv] of configs) {
    const r = await mltrain(["fit", config, "--set", "training.epochs=1", "--set", "data.limit=120", "--verbose", "0", "-o", `run_${name}`]);
    expect(r.stderr).toBe("");
    const data = path.join(dir, `${name}_rows.csv`);
    writeFileSync(data, readFileSync(csv, "utf8").split("\n").slice(0, 25).join("\n") + "\n");
    fitted.push({ name, json: JSON.parse(readFileSync(path.join(dir, `run_${name}`, "model.json"), "utf8")), data, config });
  }
}, 120_000);

function writeModel(json: Json, t: TextEdit, pretty: boolean): string {
  const file = path.join(dir, "model.json");
  writeFileSync(file, jsonBytes(json, t, pretty));
  return file;
}

const modelCase = fc.record({ model: fc.integer({ min: 0, max: 4 }), missing: fc.constantFrom(undefined, "error", "drop", "mean"), edits: fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), text: textEdit, pretty: fc.boolean() });

describe("the model.json reader never crashes", () => {
  test("eval and predict with a mutated model.json", { timeout: fuzzTimeout(150, 40) }, async () => {
    await fc.assert(
      fc.asyncProperty(modelCase, async (c) => {
        const f = fitted[c.model];
        const file = writeModel(applyJsonEdits(f.json as Json, c.edits), c.text, c.pretty);
        await expectCleanOutcome(() => evaluateFile(file, f.data, quiet, { missing: c.missing }));
        await expectCleanOutcome(() => predictFile(file, f.data, quiet, { missing: c.missing }));
      }),
      fuzzParams(150),
    );
  });

  test("fit --dry-run with a mutated model.json as model.init_from", { timeout: fuzzTimeout(60, 60) }, async () => {
    await fc.assert(
      fc.asyncProperty(modelCase, async (c) => {
        const f = fitted[c.model];
        const file = writeModel(applyJsonEdits(f.json as Json, c.edits), c.text, c.pretty);
        const r = await mltrain(["fit", f.config, "--dry-run", "--set", `model.init_from=${file}`, "--set", "data.limit=60"]);
        expectCleanExit(r.code, r.stderr);
      }),
      fuzzParams(60),
    );
  });
});
