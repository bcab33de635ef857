// Options from code are the YAML's, checked by the same zod schemas: a misspelt key or a wrong value is
// an MltrainError (config.invalid) listing every problem as `what: key.path: message`, with the config
// loader's words ("unknown key; did you mean units?").
import type { z } from "zod";
import { issueProblems } from "../config/messages.js";
import { formatProblem } from "../config/problems.js";
import { MltrainError } from "../errors.js";

/** `value` parsed by `schema` (defaults filled), or config.invalid naming `what` (e.g. "createLayer options"). */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.flatMap((i) => issueProblems(i, schema, value)).map((p) => formatProblem(p, what));
  const n = lines.length;
  throw new MltrainError("config.invalid", `invalid ${what} (${n} problem${n === 1 ? "" : "s"})`, undefined, lines);
}
