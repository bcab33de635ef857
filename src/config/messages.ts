// zod issues → human problems: what was expected (read from the schema at the issue's path) and what
// was received (read from the data), plus "did you mean ...?" for unknown keys and names.
import type { z } from "zod";
import { didYouMean } from "./did_you_mean.js";
import { formatPath, type Path, type Problem } from "./problems.js";

// zod 4 keeps each schema's definition in `_zod.def`; we read only its documented shape.
interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  length?: number;
}
type Schema = { _zod: { def: Def } };

const defOf = (s: Schema): Def => s._zod.def;
const wrappers = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional"]);

function unwrap(s: Schema): Schema {
  while (wrappers.has(defOf(s).type) && defOf(s).innerType) s = defOf(s).innerType!;
  return s;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The schema at `path` (following discriminated unions by the data's `type`), or undefined. */
export function schemaAt(root: z.ZodType, path: Path, data: unknown): Schema | undefined {
  let s: Schema = root as unknown as Schema;
  let d = data;
  for (const seg of path) {
    s = pickOption(unwrap(s), d);
    const def = defOf(s);
    if (def.type === "object" && typeof seg === "string" && def.shape && Object.hasOwn(def.shape, seg)) s = def.shape[seg];
    else if (def.type === "array" && typeof seg === "number" && def.element) s = def.element;
    else return undefined;
    d = isObj(d) || Array.isArray(d) ? (d as Record<string | number, unknown>)[seg] : undefined;
  }
  return s;
}

/** For a union, the option that fits the data (by discriminator, else by container kind). */
function pickOption(s: Schema, d: unknown): Schema {
  const def = defOf(s);
  if (def.type !== "union" || !def.options) return s;
  if (def.discriminator && isObj(d)) {
    const hit = def.options.find((o) => literalValues(unwrap(o), def.discriminator!).includes(d[def.discriminator!]));
    if (hit) return unwrap(hit);
  }
  const kind = Array.isArray(d) ? "array" : isObj(d) ? "object" : undefined;
  const byKind = def.options.map(unwrap).find((o) => defOf(o).type === kind);
  return byKind ?? s;
}

function literalValues(obj: Schema, key: string): unknown[] {
  const shape = defOf(obj).shape;
  const field = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
  return field ? (defOf(unwrap(field)).values ?? []) : [];
}

/** The `type:` names a discriminated union accepts. */
export function discriminatorValues(s: Schema): string[] {
  const def = defOf(unwrap(s));
  if (!def.discriminator || !def.options) return [];
  return def.options.flatMap((o) => literalValues(unwrap(o), def.discriminator!)).map(String);
}

/** Known keys of the object schema at a path. */
function keysOf(s: Schema | undefined, d: unknown): string[] {
  if (!s) return [];
  const o = pickOption(unwrap(s), d);
  return Object.keys(defOf(o).shape ?? {});
}

/** What a schema accepts, in words: "a positive number", "one of relu, tanh", "a list of strings". */
export function describeSchema(schema: Schema): string {
  const def = defOf(schema);
  switch (def.type) {
    case "default":
    case "prefault":
    case "optional":
    case "readonly":
    case "catch":
    case "nonoptional":
      return describeSchema(def.innerType!);
    case "nullable":
      return `${describeSchema(def.innerType!)} or null`;
    case "number":
      return describeNumber(def);
    case "string": {
      const c = (def.checks ?? []).map((x) => x._zod.def);
      if (c.some((x) => x.check === "length_equals" && x.length === 1)) return "a single character";
      const pattern = c.find((x) => x.check === "string_format" && (x as { format?: string }).format === "regex");
      if (pattern && typeof (pattern as { error?: unknown }).error === "function") {
        // z.string().regex(re, "what it looks like"): the message says the form in words.
        const said = (pattern as unknown as { error: (i: unknown) => unknown }).error({});
        if (typeof said === "string") return said;
      }
      return c.some((x) => x.check === "min_length" && (x.minimum ?? 0) > 0) ? "a non-empty string" : "a string";
    }
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${Object.values(def.entries ?? {}).join(", ")}`;
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(" or ");
    case "array": {
      const nonEmpty = (def.checks ?? []).some((x) => x._zod.def.check === "min_length" && (x._zod.def.minimum ?? 0) > 0);
      return `${nonEmpty ? "a non-empty list" : "a list"}${elementNoun(def.element!)}`;
    }
    case "object":
      return "a mapping (key: value)";
    case "union":
      if (def.discriminator) return `a mapping with a ${def.discriminator} (${discriminatorValues(schema).join(", ")})`;
      return (def.options ?? []).map(describeSchema).join(" or ");
    default:
      return `a ${def.type}`;
  }
}

function elementNoun(s: Schema): string {
  const def = defOf(unwrap(s));
  if (def.type === "string") return " of strings";
  if (def.type === "number") return " of numbers";
  if (def.type === "enum") return ` of names (${Object.values(def.entries ?? {}).join(", ")})`;
  if (def.type === "union" && def.discriminator) return ` of mappings, each with a ${def.discriminator} (${discriminatorValues(s).join(", ")})`;
  return "";
}

function describeNumber(def: Def): string {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const isInt = checks.some((c) => c.check === "number_format" && /int/.test(c.format ?? ""));
  const noun = isInt ? "integer" : "number";
  const lo = checks.find((c) => c.check === "greater_than");
  const hi = checks.find((c) => c.check === "less_than");
  const loV = lo?.value;
  if (lo && !hi) {
    if (loV === 0 && !lo.inclusive) return `a positive ${noun}`;
    if (loV === 1 && lo.inclusive && isInt) return "a positive integer";
    if (loV === 0 && lo.inclusive) return `a non-negative ${noun}`;
    return `a ${noun} ${lo.inclusive ? ">=" : ">"} ${loV}`;
  }
  if (lo && hi) {
    if (lo.inclusive && hi.inclusive) return `a ${noun} from ${loV} to ${hi.value}`;
    return `a ${noun} ${lo.inclusive ? ">=" : ">"} ${loV} and ${hi.inclusive ? "<=" : "<"} ${hi.value}`;
  }
  if (hi) return `a ${noun} ${hi.inclusive ? "<=" : "<"} ${hi.value}`;
  return `a ${noun}`;
}

/** A received value in words: `"fast"`, `1.5`, `a list`, `nothing`. */
export function renderValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value (null)";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : `a list (${v.length} item${v.length === 1 ? "" : "s"})`;
  if (isObj(v)) return "a mapping";
  return String(v);
}

function valueAt(data: unknown, path: Path): unknown {
  let d = data;
  for (const seg of path) {
    if (!(isObj(d) || Array.isArray(d))) return undefined;
    d = (d as Record<string | number, unknown>)[seg];
  }
  return d;
}

/** What the `type:` of a union at this path is called in messages. */
function kindOf(path: Path): string {
  if (path.includes("layers")) return "layer";
  const top = path[0];
  return typeof top === "string" ? top : "component";
}

/**
 * A key unknown here but known nearby: an option of another `type:` of the same union (momentum is an
 * sgd option, not an adam one) or a key of a section below (top-level `epochs` is training.epochs).
 */
function elsewhere(schema: Schema | undefined, key: string, path: Path): string {
  if (!schema) return "";
  const def = defOf(unwrap(schema));
  if (def.type === "union" && def.discriminator && def.options) {
    const owners = def.options.map(unwrap).filter((o) => Object.hasOwn(defOf(o).shape ?? {}, key)).flatMap((o) => literalValues(o, def.discriminator!));
    if (owners.length) return `; ${key} is an option of ${def.discriminator} ${owners.join(", ")}`;
    return "";
  }
  for (const [section, child] of Object.entries(def.shape ?? {})) {
    const inner = defOf(unwrap(child));
    if (inner.type === "object" && Object.hasOwn(inner.shape ?? {}, key)) return `; did you mean ${[...path, section, key].join(".")}?`;
  }
  return "";
}

/** `epochs:5`: a key, a colon and a value with no space between (YAML reads it as one word). */
const noSpace = /^([A-Za-z_][\w.-]*):(?![\s/])(.+)$/;

/**
 * An unknown key that is a YAML slip rather than a wrong name: `units:16` (no space after the colon, so
 * one key), or a key of the mapping just above it, indented too little so that it became a sibling of
 * that mapping's key (`split:` under data dedented to the top level).
 */
function keySlip(root: z.ZodType, path: Path, key: string, data: unknown): string | undefined {
  const tight = noSpace.exec(key);
  if (tight) return `unknown key; missing space after the colon: write "${tight[1]}: ${tight[2]}" (YAML reads "${key}" as one key with no value)`;
  const here = valueAt(data, path);
  if (!isObj(here)) return undefined;
  const keys = Object.keys(here);
  const prev = keys[keys.indexOf(key) - 1];
  if (prev === undefined) return undefined;
  const above = here[prev];
  const prevPath = [...path, prev];
  if (isObj(above) && keysOf(schemaAt(root, prevPath, data), above).includes(key)) {
    return `unknown key here, but a key of ${formatPath(prevPath)} just above it: it is indented less than the keys of ${prev}; indent it like them`;
  }
  if (!Array.isArray(above) || above.length === 0) return undefined;
  const last: unknown = above[above.length - 1];
  const itemPath = [...prevPath, above.length - 1];
  if (isObj(last) && keysOf(schemaAt(root, itemPath, data), last).includes(key)) {
    return `unknown key here, but a key of the list item just above it (${formatPath(itemPath)}): it is indented less than that item's keys; indent it like them`;
  }
  return undefined;
}

/** One zod issue (zod 4 shape) → one or more problems. */
export function issueProblems(issue: z.core.$ZodIssue, root: z.ZodType, data: unknown): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const value = valueAt(data, path);
  const schema = schemaAt(root, path, data);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysOf(schema, value);
      return issue.keys.map((k) => {
        const slip = keySlip(root, path, k, data);
        if (slip) return { path: [...path, k], at: "key" as const, message: slip };
        const hint = didYouMean(k, known) || elsewhere(schema, k, path);
        return {
          path: [...path, k],
          at: "key" as const,
          message: `unknown key${hint || (known.length ? `; expected one of ${known.join(", ")}` : "")}`,
        };
      });
    }
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator) {
        // zod reports the unknown type at path [..., "type"]; `options` are the accepted names.
        const names = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const kind = kindOf(path);
        if (value === undefined) {
          return [{ path, message: `missing; every ${kind} needs a type: one of ${names.join(", ")}`, at: "value" }];
        }
        const hint = typeof value === "string" ? didYouMean(value, names) : "";
        return [{ path, message: `unknown ${kind} type ${renderValue(value)}; expected one of ${names.join(", ")}${hint}` }];
      }
      break;
    }
    case "invalid_value": {
      const names = issue.values.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
      if (value === undefined) return [{ path, message: `missing; expected ${names.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${names.join(", ")}`}` }];
      const hint = typeof value === "string" ? didYouMean(value, names) : "";
      const expected = names.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${names.join(", ")}`;
      return [{ path, message: `expected ${expected}, got ${renderValue(value)}${hint}` }];
    }
    case "custom":
      return [{ path, message: issue.message }];
    default:
      break;
  }
  const expected = schema ? describeSchema(schema) : undefined;
  if (value === undefined) {
    return [{ path, message: `missing (required)${expected ? `; expected ${expected}` : ""}` }];
  }
  if (expected) {
    // `training:` then `  epochs:5` alone under it is the string "epochs:5", not a mapping.
    const tight = typeof value === "string" && expected.startsWith("a mapping") ? noSpace.exec(value) : null;
    const hint = tight ? `; missing space after the colon? write "${tight[1]}: ${tight[2]}"` : "";
    return [{ path, message: `expected ${expected}, got ${renderValue(value)}${hint}` }];
  }
  return [{ path, message: `${issue.message}, got ${renderValue(value)}` }];
}
