// The keys in which two configs differ, as `--set` paths with the old and the new value: what the
// `--resume` refusal shows, so that the fix (the same --set/--seed as the interrupted run) is obvious.

export interface ConfigChange {
  /** `training.epochs`, `model.layers[0].units` (the syntax of --set). */
  path: string;
  /** The value in `a` (undefined: absent, or undefined as in an unset optional key). */
  before: unknown;
  after: unknown;
}

/** Every leaf where `a` and `b` differ, in `b`'s key order then `a`'s extra keys; none for equal JSON. */
export function configDiff(a: unknown, b: unknown, path = ""): ConfigChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.flatMap((k) => configDiff(a[k], b[k], path === "" ? k : `${path}.${k}`));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((v, i) => configDiff(v, b[i], `${path}[${i}]`));
  }
  return same(a, b) ? [] : [{ path, before: a, after: b }];
}

/** `training.epochs 5 → 8, seed 42 → 7`: at most `max` changes, then how many more. */
export function changesText(changes: ConfigChange[], max = 6): string {
  const shown = changes.slice(0, max).map((c) => `${c.path} ${valueText(c.before)} → ${valueText(c.after)}`);
  if (changes.length > max) shown.push(`and ${changes.length - max} more`);
  return shown.join(", ");
}

function valueText(v: unknown): string {
  return v === undefined ? "(unset)" : JSON.stringify(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Equal as JSON values (undefined and absent alike), whatever the key order. */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
