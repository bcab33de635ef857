// Option parsers shared by commands: commander calls them, and an InvalidArgumentError becomes a
// usage error (exit 2) with commander's "error: option '...' argument '...' is invalid" message.
import { InvalidArgumentError } from "commander";

/** --set is repeatable: collect every PATH=VALUE in order. */
export function collect(value: string, previous: string[] = []): string[] {
  if (!/^[^=\s]+=/.test(value)) throw new InvalidArgumentError('expected PATH=VALUE, e.g. "training.epochs=5"');
  return [...previous, value];
}

/** A non-negative integer (seeds). */
export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("expected a non-negative integer");
  return Number(value);
}

/** A decision threshold: a number strictly between 0 and 1. */
export function threshold(value: string): number {
  const t = Number(value.trim());
  if (value.trim() === "" || !(t > 0 && t < 1)) throw new InvalidArgumentError(`expected a number between 0 and 1 (exclusive), got ${JSON.stringify(value)}`);
  return t;
}

/** A comma-separated list of names. */
export function commaList(value: string): string[] {
  const names = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new InvalidArgumentError("expected a comma-separated list of columns");
  return names;
}

/** --verbose 0|1|2. */
export function verbosity(value: string): number {
  if (!/^[012]$/.test(value.trim())) throw new InvalidArgumentError("expected 0 (silent), 1 (progress bar) or 2 (one line per epoch)");
  return Number(value);
}
