// When to colour output: only on a TTY; NO_COLOR and --no-color turn it off, FORCE_COLOR turns it on.
import { Chalk, type ChalkInstance } from "chalk";

export interface ColorInputs {
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** false when the user passed --no-color. */
  flag?: boolean;
}

export function colorEnabled({ isTTY, env, flag = true }: ColorInputs): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === "0" || force === "false");
  return isTTY;
}

/**
 * The command line's --no-color, wherever it stood: commander hands a --no-color given after the
 * command name to the program-level option, so commands cannot rely on their own copy of it.
 */
let commandLineColor = true;
export function setCommandLineColor(flag: boolean): void {
  commandLineColor = flag;
}

/** A chalk instance for one stream: colour level 1 (16 colours) when enabled, plain text otherwise. */
export function chalkFor(stream: { isTTY?: boolean }, flag = true): ChalkInstance {
  const on = colorEnabled({ isTTY: stream.isTTY === true, env: process.env, flag: flag && commandLineColor });
  return new Chalk({ level: on ? 1 : 0 });
}

/** Did the command line ask for --no-color? (Errors can occur before commander has parsed it.) */
export function noColorFlag(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  const args = end === -1 ? argv : argv.slice(0, end);
  return args.includes("--no-color");
}
