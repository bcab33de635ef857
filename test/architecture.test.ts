// STYLE's import direction, checked on the import lines of src/**/*.ts:
//   index → lib → run → tune → config, data, train, io, metrics, report → engine → errors   (and report → io, metrics)
//   cli → run → ...
//   cli → serve → data, report → engine → errors   (serve: the HTTP server, fastify)
// src/index.ts (the package's entry, `import ... from "mltrain"`) re-exports src/lib (the library API)
// and the engine's, errors' and the other areas' public types; nothing imports it, nor lib but index.
// Runtime imports must follow it. `import type` from config/ is allowed in data, train, io and metrics
// (Config, TaskName, ... are the shared vocabulary), and train may import data, metrics and io.
// Only src/cli prints, reads argv or exits.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** The top-level area of a file under src/: cli, config, data, train, io, metrics, engine, errors. */
function area(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
}

const runtimeAllowed: Record<string, string[]> = {
  index: ["lib", "engine", "errors"],
  lib: ["lib", "run", "config", "data", "train", "io", "metrics", "report", "engine", "errors"],
  cli: ["cli", "run", "tune", "serve", "config", "data", "train", "io", "metrics", "engine", "errors", "report"],
  serve: ["serve", "data", "report", "engine", "errors"],
  run: ["run", "tune", "config", "data", "train", "io", "metrics", "report", "engine", "errors"],
  tune: ["tune", "config", "engine", "errors"],
  report: ["report", "io", "metrics", "engine", "errors"],
  config: ["config", "engine", "errors"],
  data: ["data", "engine", "errors"],
  metrics: ["metrics", "engine", "errors"],
  io: ["io", "engine", "errors"],
  train: ["train", "data", "metrics", "io", "engine", "errors"],
  engine: ["engine", "errors"],
  errors: ["errors"],
};
const typeAlsoAllowed: Record<string, string[]> = { index: ["config", "train", "io", "metrics", "run"], serve: ["config"], data: ["config"], metrics: ["config"], io: ["config"], train: ["config"], report: ["config"] };
/** Packages each area may use at runtime (node: builtins are fine everywhere). */
const packagesAllowed: Record<string, string[] | "any"> = {
  index: [],
  lib: ["zod"],
  cli: "any",
  config: ["zod", "yaml"],
  data: ["csv-parse", "zod", "sharp"],
  metrics: [],
  io: ["yaml", "zod"],
  train: [],
  run: [],
  serve: ["fastify", "pino"],
  tune: ["zod", "yaml"],
  report: ["sharp"],
  engine: ["zod"],
  errors: [],
};

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const out: Import[] = [];
  const stat = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
  for (const m of text.matchAll(stat)) out.push({ file, spec: m[3], typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push({ file, spec: m[1], typeOnly: false });
  return out;
}

const files = tsFiles(src);

describe("architecture (STYLE.md: who may import whom)", () => {
  it("finds the areas", () => {
    expect(new Set(files.map(area))).toEqual(expect.objectContaining(new Set(["cli", "run", "config", "engine", "errors"])));
  });

  it("the package entry src/index.ts only re-exports (no statement of its own: importing it runs nothing)", () => {
    const code = readFileSync(path.join(src, "index.ts"), "utf8")
      .replace(/\/\/.*$/gm, "")
      .replace(/\bexport\s+(type\s+)?\{[^}]*\}\s*from\s*"[^"]+";/g, "")
      .trim();
    expect(code).toBe("");
  });

  it("package.json exports the entry with its declarations first, as built from src/index.ts", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
    expect(Object.keys(pkg.exports["."])).toEqual(["types", "import"]);
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
  });

  it("every relative import follows cli → config, data, train, io, metrics → engine → errors", () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = area(file);
      for (const imp of importsOf(file)) {
        if (!imp.spec.startsWith(".")) continue;
        const to = area(path.resolve(path.dirname(file), imp.spec.replace(/\.js$/, ".ts")));
        const ok = runtimeAllowed[from]?.includes(to) || (imp.typeOnly && typeAlsoAllowed[from]?.includes(to));
        if (!ok) bad.push(`${path.relative(root, file)}: ${from} imports ${to} ("${imp.spec}"${imp.typeOnly ? ", type only" : ""})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("packages are used only where they belong (engine: zod only)", () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = area(file);
      const allowed = packagesAllowed[from];
      for (const imp of importsOf(file)) {
        if (imp.spec.startsWith(".") || imp.spec.startsWith("node:") || imp.typeOnly || allowed === "any") continue;
        const pkg = imp.spec.startsWith("@") ? imp.spec.split("/").slice(0, 2).join("/") : imp.spec.split("/")[0];
        if (!allowed?.includes(pkg)) bad.push(`${path.relative(root, file)}: ${from} imports package ${pkg}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("only src/cli prints, reads argv or exits", () => {
    const bad: string[] = [];
    const forbidden = /\bconsole\.\w+\(|\bprocess\.exit\b|\bprocess\.exitCode\b|\bprocess\.argv\b|\bprocess\.(stdout|stderr)\.write\b/;
    for (const file of files) {
      if (area(file) === "cli") continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, "");
          if (forbidden.test(code)) bad.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });

  it("the import scanner sees static, type-only, re-export and dynamic imports (self-check)", () => {
    const me = importsOf(fileURLToPath(import.meta.url));
    expect(me.map((i) => i.spec)).toEqual(expect.arrayContaining(["node:fs", "node:path", "vitest"]));
    expect(importsOf(path.join(src, "cli", "validate.ts")).some((i) => i.spec === "../config/load.js" && !i.typeOnly)).toBe(true);
  });
});
