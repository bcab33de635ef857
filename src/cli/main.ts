// Entry point (bin/mltrain.js imports the compiled file): run the program and set the exit code.
// Heavy modules (yaml, zod, the engine) are imported inside command actions, so --version stays fast.
import { run } from "./program.js";

// `mltrain predict ... | head`: the reader left; stop quietly as other Unix tools do (no stack trace)
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2));
