// The CSV reader never crashes: the shipped datasets (a prefix of their rows, or all of them) with bytes
// flipped, lines cut, duplicated or swapped, cells replaced by odd values, quotes and delimiters
// inserted, gzipped or not, loaded by loadData through their shipped config (with random missing /
// normalize / delimiter / limit settings and sometimes the same mutations as data.test_path), always
// load or fail with exit 2 and a message (see test/fuzz/oracle.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, test } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { loadData } from "../../src/data/index.js";
import { expectCleanOutcome, fuzzParams, fuzzTimeout } from "../fuzz/oracle.js";
import { applyEdits, edit, edits, type Edit } from "../fuzz/text_edits.js";
import { configsDir, root } from "../config/helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "mltrain-fuzz-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped configs that read a CSV, with their config text and the CSV's lines. */
const shipped = readdirSync(configsDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => ({ file: `configs/${f}`, yaml: readFileSync(path.join(configsDir, f), "utf8") }))
  .map((c) => ({ ...c, csv: /^\s+path: \.\.\/datasets\/(\S+\.csv)/m.exec(c.yaml)?.[1] }))
  .filter((c): c is typeof c & { csv: string } => c.csv !== undefined)
  .map((c) => ({ ...c, lines: readFileSync(path.join(root, "datasets", c.csv), "latin1").split("\n") }));

interface CsvCase {
  config: (typeof shipped)[number];
  /** Data rows kept before the edits (the header always); 0 = all. */
  rows: number;
  edits: Edit[];
  compression: "none" | "gzip" | "gzip-flipped";
}

const csvCase = (config: (typeof shipped)[number]): fc.Arbitrary<CsvCase> =>
  fc.record({
    config: fc.constant(config),
    rows: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    edits: fc.array(edit, { maxLength: 3 }),
    compression: fc.constantFrom("none", "none", "none", "none", "none", "gzip", "gzip", "gzip-flipped"),
  });

/** Write the case's CSV as NAME(.gz) in the temp dir and return its path. */
function writeCase(c: CsvCase, name: string, flipAt: number): string {
  const lines = c.rows === 0 ? c.config.lines : c.config.lines.slice(0, c.rows + 1);
  let bytes = applyEdits(Buffer.from(lines.join("\n") + "\n", "latin1"), c.edits);
  if (c.compression !== "none") {
    bytes = gzipSync(bytes);
    if (c.compression === "gzip-flipped") bytes[flipAt % bytes.length] ^= 0x5a;
  }
  const file = path.join(dir, c.compression === "none" ? name : `${name}.gz`);
  writeFileSync(file, bytes);
  return file;
}

const settings = fc.record({
  missing: fc.constantFrom(undefined, "error", "drop", "mean"),
  normalize: fc.constantFrom(undefined, "standard", "minmax", "none"),
  delimiter: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, ",", ";"),
  limit: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  task: fc.constantFrom(undefined, "auto"),
  stratify: fc.constantFrom(undefined, false),
});

const anyCase = fc.oneof(...shipped.map((c) => csvCase(c)));

describe("the CSV reader never crashes", () => {
  test("shipped datasets, mutated, through loadData on their config", { timeout: fuzzTimeout(200, 30) }, async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, fc.option(edits, { nil: undefined, freq: 4 }), settings, fc.nat(), async (c, testEdits, s, flipAt) => {
        const trainFile = writeCase(c, "train.csv", flipAt);
        const overrides = [`data.path=${trainFile}`];
        if (testEdits) {
          overrides.push(`data.test_path=${writeCase({ ...c, edits: testEdits }, "test.csv", flipAt)}`, "data.split={train: 0.8, validation: 0.2, test: 0}");
        }
        for (const [k, v] of Object.entries(s)) {
          if (v === undefined) continue;
          overrides.push(k === "stratify" ? `data.split.stratify=${v}` : `data.${k}=${JSON.stringify(v)}`);
        }
        await expectCleanOutcome(async () => {
          const loaded = parseConfig(c.config.yaml, c.config.file, overrides, { dir: configsDir, cwd: root });
          await loadData(loaded.config.data, { baseDir: loaded.dir, seed: loaded.config.seed });
        });
      }),
      fuzzParams(200),
    );
  });
});
