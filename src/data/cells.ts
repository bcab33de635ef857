// What a CSV cell means: a number, a missing value, or text. One definition for both readers
// (the byte-level fast path and the csv-parse path), so a file reads the same through either.

/**
 * Cells that mean "missing" (compared after trimming spaces): pandas.read_csv's default na_values,
 * plus "?" (the UCI convention). An empty cell is missing too.
 */
export const missingTokens: readonly string[] = [
  "",
  "?",
  "NA",
  "N/A",
  "n/a",
  "NaN",
  "nan",
  "-NaN",
  "-nan",
  "NULL",
  "null",
  "None",
  "<NA>",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "1.#IND",
  "1.#QNAN",
];

const missingSet = new Set(missingTokens);

/** True when a (trimmed) cell is one of missingTokens. */
export function isMissing(text: string): boolean {
  return missingSet.has(text);
}

// Decimal numbers as people write them: sign, digits, optional fraction, optional exponent.
// Hex, "Infinity", "1_000" and thousands separators are not numbers.
const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a trimmed cell written as a finite decimal number, or NaN if it is not one. */
export function parseNumber(text: string): number {
  if (!numberPattern.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/** Trim the spaces people put after a delimiter ("a, b"): text cells and numbers are read trimmed. */
export function trimCell(text: string): string {
  return text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) ? text.trim() : text;
}
