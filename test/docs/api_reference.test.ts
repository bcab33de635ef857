// The README's API reference is what scripts/api_reference.mjs generates from the build's declarations
// (regenerate: npm run readme), and it covers the package: every runtime export of dist/index.js and
// every name src/index.ts exports has its entry. Needs dist/.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../e2e/cli.js";

const START = "<!-- api-reference:start -->";
const END = "<!-- api-reference:end -->";

describe("the README's API reference", () => {
  it("is what scripts/api_reference.mjs generates from dist/index.d.ts, and names every export", async () => {
    const { apiReference } = (await import(path.join(root, "scripts/api_reference.mjs"))) as { apiReference: () => string };
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
    expect(readme.indexOf(START)).toBeGreaterThan(0);
    const fresh = apiReference();
    expect(section.trim()).toBe(fresh.trim());
    const runtime = Object.keys(await import(path.join(root, "dist/index.js")));
    const documented = [...fresh.matchAll(/^\*\*`(\w+)`\*\*/gm)].map((m) => m[1]);
    expect(runtime.filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented).toEqual(expect.arrayContaining(["sequential", "load", "fit", "defineConfig", "createLayer", "createOptimizer", "meanLoss", "createKernels", "Model", "ConfigInput"]));
  });
});
