// Entry point (bin/mltrain.js imports the compiled file): run the program and set the exit code.
// Heavy modules (yaml, zod, the engine) are imported inside command actions, so --version stays fast.
import { run } from "./program.js";

process.exitCode = await run(process.argv.slice(2));
