// The commander program: every SPEC command, usage errors as exit 2, errors rendered in one place.
// `run(argv, io)` returns the exit code instead of exiting, so it can be called from tests.
import { Command, CommanderError } from "commander";
import { chalkFor, noColorFlag, setCommandLineColor } from "./color.js";
import { renderError } from "./errors.js";
import { processIo, type CliIo } from "./io.js";
import { packageVersion } from "../run/version.js";
import { registerCv } from "./cv.js";
import { registerData } from "./data.js";
import { registerEval } from "./eval.js";
import { registerExport } from "./export.js";
import { registerFit } from "./fit.js";
import { registerPredict } from "./predict.js";
import { registerReport } from "./report.js";
import { registerSchedule } from "./schedule.js";
import { registerSchema } from "./schema.js";
import { registerServe } from "./serve.js";
import { registerSummary } from "./summary.js";
import { registerTune } from "./tune.js";
import { registerValidate } from "./validate.js";

export { packageVersion };

export function buildProgram(io: CliIo, color = true): Command {
  const errColor = chalkFor(io.stderr, color);
  const program = new Command("mltrain")
    .description("Train neural networks from YAML files: validated configs, Keras-style logs, a model file and a metrics report.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--no-color", "no colours, even on a TTY (also: NO_COLOR=1; FORCE_COLOR=1 forces them)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(errColor.red(s)),
    })
    .showHelpAfterError("(run `mltrain --help` or `mltrain COMMAND --help` for usage)")
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 the run failed, 2 usage error or invalid config/data, 130 interrupted.",
    );
  // Subcommands inherit exitOverride and configureOutput from here.
  registerFit(program, io);
  registerCv(program, io);
  registerEval(program, io);
  registerPredict(program, io);
  registerExport(program, io);
  registerTune(program, io);
  registerServe(program, io);
  registerValidate(program, io);
  registerSummary(program, io);
  registerSchema(program, io);
  registerData(program, io);
  registerReport(program, io);
  registerSchedule(program, io);
  return program;
}

/** Parse `argv` (user arguments only, without node and the script), run the command, return the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const color = !noColorFlag(argv);
  setCommandLineColor(color);
  const program = buildProgram(io, color);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError && err.code === "commander.help") return 2; // no command given
    return renderError(err, io.stderr, chalkFor(io.stderr, color));
  }
}
