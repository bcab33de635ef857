// Every config in configs/ validates, and a resolved config survives the trip to YAML and back.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/load.js";
import { configToYaml } from "../../src/config/to_yaml.js";
import { configJsonSchema } from "../../src/config/json_schema.js";
import { configsDir, root } from "./helpers.js";

const files = readdirSync(configsDir).filter((f) => f.endsWith(".yaml"));
/** Configs whose data folder the user makes first (README: scripts/fashion_mnist_images.mjs): not looked for on disk here. */
const made = new Set(["fashion-images.yaml"]);
const options = (file: string) => (made.has(file) ? { checkFiles: false } : {});

describe("shipped configs", () => {
  it("include iris and one config per task", () => {
    expect(files).toEqual(expect.arrayContaining(["iris.yaml", "breast_cancer.yaml", "wine.yaml", "digits.yaml", "diabetes.yaml", "digits_multilabel.yaml"]));
  });
  it.each(files)("%s validates, with an explicit task and a schema comment", async (file) => {
    const loaded = await loadConfig(path.join("configs", file), [], root, options(file));
    expect(loaded.config.name).toBe(file.replace(/\.yaml$/, "")); // iris sets it; the others default to the base name
    expect(loaded.config.data.task).not.toBe("auto");
    expect(path.isAbsolute(loaded.config.data.path ?? "") || loaded.config.data.dataset !== undefined).toBe(true); // a file, or a named dataset
    expect(loaded.source.split("\n")[0]).toBe("# yaml-language-server: $schema=./mltrain.schema.json");
  });
  it.each(files)("%s survives configToYaml → parseConfig unchanged", async (file) => {
    const { config } = await loadConfig(path.join("configs", file), [], root, options(file));
    const again = parseConfig(configToYaml(config, "resolved"), "runs/x/config.yaml", [], { dir: "/nowhere", cwd: root, ...options(file) });
    expect(again.config).toEqual(config);
  });
});

describe("the JSON Schema", () => {
  it("describes the input: top-level keys, descriptions, layer types and the optimizer shorthand is not required", () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(["name", "seed", "data", "model", "loss", "optimizer", "schedule", "training", "metrics", "search"]);
    expect(schema.required).toEqual(["data", "model"]);
    expect(schema.properties.seed.description).toBe("Every random choice derives from it.");
    const text = JSON.stringify(schema);
    for (const name of ["dense", "dropout", "cosine_restarts", "adamw", "he_normal", "categorical_crossentropy"]) expect(text).toContain(`"${name}"`);
  });
});

describe("configs/mltrain.schema.json (what the shipped configs' $schema comment points at)", () => {
  it("is the output of `mltrain schema` (regenerate: node bin/mltrain.js schema > configs/mltrain.schema.json)", () => {
    const stored = JSON.parse(readFileSync(path.join(configsDir, "mltrain.schema.json"), "utf8"));
    expect(stored).toEqual(configJsonSchema());
  });
});
