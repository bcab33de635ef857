// npm run examples: compile examples/*.ts (examples/tsconfig.json, into .examples-out/) and run each in
// turn as a user would, `import ... from "mltrain"` resolving to this package (its `exports`).
// Exits non-zero when one fails. test/examples/examples.test.ts runs the same files.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "examples")], { stdio: "inherit" });
const out = path.join(root, ".examples-out");
for (const f of readdirSync(out).filter((f) => f.endsWith(".js")).sort()) {
  process.stdout.write(`\n$ node .examples-out/${f}\n`);
  execFileSync(process.execPath, [path.join(out, f)], { stdio: "inherit", cwd: root });
}
