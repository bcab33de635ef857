// The parts of a config that parse on their own. When the whole config fails the schema, each top-level
// section is parsed alone, and each field of a mapping section that fails, so the cross-field rules can
// run on the parts they read and their problems come in the same run as the schema's.
import type { z } from "zod";
import { closest } from "./did_you_mean.js";
import { configSchema, type Config } from "./schema.js";

/** Whether every one of these dotted paths ("data.split", "model") parsed (none of them has a problem). */
export type Usable = (...paths: string[]) => boolean;

export interface Parts {
  /** The sections and fields that parsed; a failed one is absent, so read only what `usable` allows. */
  config: Config;
  usable: Usable;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The fields of an object schema (through default/prefault/optional wrappers), or undefined. */
function fieldsOf(s: z.ZodType): Record<string, z.ZodType> | undefined {
  let def = defOf(s);
  while (def.innerType && def.type !== "object") def = defOf(def.innerType);
  return def.type === "object" ? def.shape : undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `raw` parsed section by section (and field by field in a failing mapping section). */
export function parseParts(raw: unknown, issues: readonly z.core.$ZodIssue[]): Parts {
  const rawObj = isObj(raw) ? raw : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(configSchema.shape as Record<string, z.ZodType>)) {
    const value = rawObj[key];
    const whole = schema.safeParse(value);
    if (whole.success) {
      if (whole.data !== undefined) out[key] = whole.data;
      continue;
    }
    const fields = fieldsOf(schema);
    if (!fields || !(isObj(value) || value === undefined)) continue;
    const part: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      const r = field.safeParse(isObj(value) ? value[name] : undefined);
      if (r.success && r.data !== undefined) part[name] = r.data;
    }
    out[key] = part;
  }
  const failed = failedPaths(issues);
  const usable: Usable = (...paths) =>
    paths.every((p) => {
      const segs = p.split(".");
      // a failed path above, at or below p: they agree on their common prefix
      return !failed.some((f) => f.every((s, i) => i >= segs.length || s === segs[i]));
    });
  return { config: out as unknown as Config, usable };
}

/**
 * The paths the schema's issues make unreliable: each issue's path; for an unknown key, the key and
 * the known key it is likely a misspelling of (its value is a default the user did not mean).
 */
function failedPaths(issues: readonly z.core.$ZodIssue[]): string[][] {
  const out: string[][] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p) => typeof p !== "symbol").map(String);
    if (issue.code !== "unrecognized_keys") {
      out.push(path);
      continue;
    }
    const known = knownKeys(path);
    for (const k of issue.keys) {
      out.push([...path, k]);
      const meant = closest(k, known);
      if (meant !== undefined) out.push([...path, meant]);
    }
  }
  return out;
}

/** The keys of the mapping section at `path` (top level or one section down), for misspellings. */
function knownKeys(path: readonly string[]): string[] {
  const top = configSchema.shape as Record<string, z.ZodType>;
  if (path.length === 0) return Object.keys(top);
  if (path.length === 1 && top[path[0]]) return Object.keys(fieldsOf(top[path[0]]) ?? {});
  return [];
}
