// The package entry (dist/index.js, what `import ... from "mltrain"` loads) has no side effects: importing
// it starts no thread, sets no V8 flag and prints nothing. The first createKernels() is what does the
// first two (README "From code"): the relaxed-SIMD flag on Node 20, and one worker thread until dispose.
// Runs in a fresh node process (the test runner's own has kernels made by other tests). Needs dist/.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../e2e/cli.js";

const probe = `
import { readFileSync } from "node:fs";
const threads = () => Number(/^Threads:\\s+(\\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]);
const { wasmFmaBase64 } = await import(${JSON.stringify(path.join(root, "dist/engine/kernels/wasm/binary.generated.js"))});
const fma = Buffer.from(wasmFmaBase64, "base64");
const before = { threads: threads(), relaxedSimd: WebAssembly.validate(fma) };
const lib = await import(${JSON.stringify(path.join(root, "dist/index.js"))});
await new Promise((r) => setTimeout(r, 100));
const imported = { threads: threads(), relaxedSimd: WebAssembly.validate(fma) };
const kernels = lib.createKernels();
await kernels.ready();
const running = { threads: threads(), relaxedSimd: WebAssembly.validate(fma) };
kernels.dispose();
await new Promise((r) => setTimeout(r, 300));
const disposed = { threads: threads() };
process.stderr.write(JSON.stringify({ before, imported, running, disposed }));
`;

describe("the package entry", () => {
  it("importing it starts no thread, sets no V8 flag, prints nothing; createKernels() starts one thread until dispose", () => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const s = JSON.parse(r.stderr) as Record<string, { threads: number; relaxedSimd?: boolean }>;
    expect(s.imported).toEqual(s.before);
    expect(s.running.threads).toBe(s.before.threads + 1);
    // Node 20's V8 validates relaxed SIMD only behind --experimental-wasm-relaxed-simd, which the first
    // createKernels() sets (later V8s have it on: nothing to set)
    expect(s.running.relaxedSimd).toBe(true);
    expect(s.disposed.threads).toBe(s.before.threads);
  });
});
