// Choosing the columns of a data config against a CSV header, with messages that list what exists.
import type { DataConfig } from "../config/schema.js";
import { MltrainError, type ErrorCode } from "../errors.js";

export function asList(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

/** The feature columns of `cfg` for this header (default: every column that is not a target or ignored). */
export function chooseFeatures(header: string[], cfg: DataConfig, file: string): string[] {
  const features = featureColumns(header, cfg, file);
  const categorical = cfg.categorical ?? [];
  requireColumns(header, categorical, file, "data.categorical", "data.missing_column");
  const notFeatures = categorical.filter((c) => !features.includes(c));
  if (notFeatures.length > 0) {
    throw new MltrainError(
      "config.invalid",
      `${quoteList(notFeatures)} ${notFeatures.length === 1 ? "is" : "are"} not a feature (a target or an ignored column), so ${notFeatures.length === 1 ? "it" : "they"} cannot be one-hot encoded; the features are ${quoteList(features)}`,
      { file, path: "data.categorical" },
    );
  }
  return features;
}

function featureColumns(header: string[], cfg: DataConfig, file: string): string[] {
  const targets = asList(cfg.target ?? []);
  requireColumns(header, targets, file, Array.isArray(cfg.target) ? "data.target[]" : "data.target", "data.missing_column");
  requireColumns(header, cfg.ignore, file, "data.ignore[]", "data.missing_column");
  if (cfg.features) {
    requireColumns(header, cfg.features, file, "data.features[]", "data.missing_column");
    const both = cfg.features.filter((f) => targets.includes(f));
    if (both.length > 0) {
      throw new MltrainError("config.invalid", `${quoteList(both)} cannot be both a feature and a target`, { file, path: "data.features" });
    }
    return [...new Set(cfg.features)];
  }
  const features = header.filter((h) => !targets.includes(h) && !cfg.ignore.includes(h));
  if (features.length === 0) {
    throw new MltrainError("data.missing_column", `no feature columns left: every column is a target or ignored (columns: ${quoteList(header)})`, {
      file,
      path: "data.features",
    });
  }
  return features;
}

/**
 * Throw `code` naming the first of `names` that is not in `header`, the columns that exist, and a guess;
 * at `path`, or at its item for a list key (`data.features[]` → data.features[1]).
 */
function requireColumns(header: string[], names: string[], file: string, listPath: string, code: ErrorCode): void {
  for (const [i, name] of names.entries()) {
    const path = listPath.endsWith("[]") ? `${listPath.slice(0, -2)}[${i}]` : listPath;
    if (header.includes(name)) continue;
    const guess = closest(name, header);
    const hint = guess ? ` (did you mean ${JSON.stringify(guess)}?)` : "";
    const one = header.length === 1 ? " (one column: is data.delimiter right?)" : "";
    throw new MltrainError(code, `no column ${JSON.stringify(name)}${hint}; the columns are: ${quoteList(header)}${one}`, {
      file,
      path,
    });
  }
}

export function quoteList(names: string[], max = 20): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, ... (${names.length} in all)` : shown;
}

/** The header name closest to `name` (case-insensitive edit distance <= max(1, length/3)), if any. */
export function closest(name: string, header: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const a = name.toLowerCase();
  for (const h of header) {
    const d = editDistance(a, h.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = h;
    }
  }
  return best !== null && bestD < name.length && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
