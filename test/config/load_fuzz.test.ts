// The config loader never crashes: the shipped configs with bytes flipped, lines cut or duplicated, keys
// swapped, values replaced by odd YAML scalars, subtrees replaced by random values, and random --set
// overrides always validate or fail with exit 2 and a message (see test/fuzz/oracle.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, test } from "vitest";
import { parse as parseYamlText, stringify } from "yaml";
import { parseConfig } from "../../src/config/load.js";
import { expectCleanOutcome, fuzzParams, fuzzTimeout } from "../fuzz/oracle.js";
import { applyEdits, edits, yamlScalar } from "../fuzz/text_edits.js";
import { configsDir, root } from "./helpers.js";

const shipped = readdirSync(configsDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => ({ file: `configs/${f}`, text: readFileSync(path.join(configsDir, f)) }));

/** As loadConfig would: the file's bytes read as UTF-8, paths resolved against configs/. */
const parse = (text: string, file: string, overrides: string[] = []) => parseConfig(text, file, overrides, { dir: configsDir, cwd: root });

const config = fc.constantFrom(...shipped);

/** Every key path of a JSON value (a.b[0].c), so overrides and replacements hit real keys. */
function keyPaths(v: unknown, prefix = ""): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [`${prefix}[${i}]`, ...keyPaths(x, `${prefix}[${i}]`)]);
  if (v !== null && typeof v === "object") {
    return Object.entries(v).flatMap(([k, x]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...keyPaths(x, p)];
    });
  }
  return [];
}
const knownPaths = [...new Set(shipped.flatMap((c) => keyPaths(parseConfig(c.text.toString("utf8"), c.file, [], { dir: configsDir, cwd: root, checkFiles: false }).config)))].sort();

const keyPath = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...knownPaths) },
  { weight: 1, arbitrary: fc.constantFrom("a", "data", "model.layers[9]", "model.layers.0.0", "optimizer.x.y", "schedule.type", "training.early_stopping.patience", "seed.x", "data.split[0]", "x[0]", "[0]", "a..b", ".", "__proto__", "constructor.prototype", "toString") },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const jsonValue = fc.jsonValue({ maxDepth: 2 });
const overrideValue = fc.oneof(yamlScalar, jsonValue.map((v) => JSON.stringify(v) ?? "null"));
const override = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(keyPath, overrideValue).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
);

/** Every key path of a JSON value as its keys and indices (search.parameters' keys hold dots themselves). */
function keySegments(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...keySegments(x, [...prefix, i])]);
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...keySegments(x, [...prefix, k])]);
  return [];
}

/** The parsed config with the value at one key path replaced (or deleted), as YAML text again. */
function replaced(text: string, at: number, value: unknown): string {
  const obj: unknown = parseYamlText(text);
  const paths = keySegments(obj);
  if (paths.length === 0) return text;
  const segs = paths[at % paths.length];
  let node = obj as Record<string | number, unknown>;
  for (const s of segs.slice(0, -1)) node = node[s] as Record<string | number, unknown>;
  const last = segs[segs.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return stringify(obj);
}

describe("the config loader never crashes", () => {
  test("shipped configs with bytes flipped, lines cut, duplicated or swapped, keys swapped, values replaced", { timeout: fuzzTimeout(200, 10) }, async () => {
    await fc.assert(
      fc.asyncProperty(config, edits, async (c, es) => {
        const text = applyEdits(c.text, es).toString("utf8");
        await expectCleanOutcome(() => parse(text, c.file));
      }),
      fuzzParams(200),
    );
  });

  test("shipped configs with a key's value replaced by a random value (or deleted)", { timeout: fuzzTimeout(200, 10) }, async () => {
    const value = fc.option(fc.oneof(jsonValue, fc.constantFrom(-1, 0, 0.5, 1e9, Number.MAX_SAFE_INTEGER + 2, "", "adam", "dense", "relu", "auto")), { nil: undefined, freq: 5 });
    await fc.assert(
      fc.asyncProperty(config, fc.nat(), value, async (c, at, v) => {
        const text = replaced(c.text.toString("utf8"), at, v);
        await expectCleanOutcome(() => parse(text, c.file));
      }),
      fuzzParams(200),
    );
  });

  test("random --set overrides on shipped configs", { timeout: fuzzTimeout(200, 10) }, async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.array(override, { minLength: 1, maxLength: 3 }), async (c, overrides) => {
        await expectCleanOutcome(() => parse(c.text.toString("utf8"), c.file, overrides));
      }),
      fuzzParams(200),
    );
  });

  test("random text and random YAML values as a config", { timeout: fuzzTimeout(200, 10) }, async () => {
    const doc = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), jsonValue.map((v) => stringify(v)), yamlScalar);
    await fc.assert(
      fc.asyncProperty(doc, fc.array(override, { maxLength: 2 }), async (text, overrides) => {
        await expectCleanOutcome(() => parse(text, "configs/random.yaml", overrides));
      }),
      fuzzParams(200),
    );
  });
});
