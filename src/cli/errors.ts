// Error rendering, in one place: user errors as `file:line:col: path: message` lines (no stack),
// anything unexpected as "internal error" with the stack. Returns the exit code; never exits itself.
import { CommanderError } from "commander";
import { MltrainError, exitCodeFor, formatWhere } from "../errors.js";
import type { ChalkInstance } from "chalk";

export interface ErrorSink {
  write(text: string): void;
}

/** The first line of a MltrainError: `file:line:col: path: message` (parts that are known). */
export function errorLine(err: MltrainError): string {
  const where = formatWhere(err.where);
  const path = err.where?.path ? `${err.where.path}: ` : "";
  return (where ? where : "mltrain: ") + path + err.message;
}

/**
 * Print `err` to `out` and return the exit code.
 * - MltrainError: its `details` (complete problem lines, e.g. one per config issue) come first, then the
 *   message as a summary line; without details, the one `file:line:col: path: message` line.
 * - CommanderError (usage): commander has already printed its message; exit 2 (0 for --help/--version).
 * - anything else: "internal error" and the stack, exit 1.
 */
export function renderError(err: unknown, out: ErrorSink, c: ChalkInstance): number {
  if (err instanceof MltrainError) {
    for (const line of err.details) out.write(c.red(line) + "\n");
    if (err.details.length > 0) {
      out.write(`mltrain: ${formatWhere(err.where)}${err.message}\n`);
    } else {
      out.write(c.red(errorLine(err)) + "\n");
    }
    return exitCodeFor(err.code);
  }
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0) return 0;
    return 2;
  }
  const stack = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  out.write(c.red("mltrain: internal error (please report it with the command you ran):") + "\n" + stack + "\n");
  return 1;
}
