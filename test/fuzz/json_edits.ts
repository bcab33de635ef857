// Mutations of a JSON file (a model.json from a real fit) as an arbitrary of edit lists: a value
// deleted, replaced by a value of any type or of another field, a list cut or grown; then the text
// written whole, cut at a byte or with one byte changed. Paths are taken modulo the number of paths.
import fc from "fast-check";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Segment = string | number;

/** Paths of every value, except that a list of numbers contributes only its first, middle and last element. */
function paths(v: Json, at: Segment[] = []): Segment[][] {
  const out: Segment[][] = [at];
  if (Array.isArray(v)) {
    const numbers = v.length > 3 && v.every((x) => typeof x === "number");
    const idx = numbers ? [0, v.length >> 1, v.length - 1] : v.map((_, i) => i);
    for (const i of idx) out.push(...paths(v[i], [...at, i]));
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  }
  return out;
}

export type JsonEdit =
  | { kind: "delete"; at: number }
  | { kind: "replace"; at: number; value: Json }
  | { kind: "borrow"; at: number; from: number }
  | { kind: "resize"; at: number; length: number };

/** Values of other fields and of every JSON type, so a replacement is sometimes almost right. */
const jsonOdd: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, 0, -1, 0.5, 1, 2, 3, 64, 1e308, -1e308, 5e-324, "", "x", "dense", "dropout", "softmax", "sigmoid", "linear", "relu", "binary", "multiclass", "regression", "multilabel", "numeric", "categorical", "mean", "drop", "error", "standard", "mltrain-model", [], {}, [[]], [1, 2], ["a", "b"], { type: "dense" }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: jsonOdd }),
  fc.record({ kind: fc.constant("borrow" as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ kind: fc.constant("resize" as const), at: fc.nat(), length: fc.integer({ min: 0, max: 5 }) }),
);

function getAt(v: Json, p: Segment[]): Json {
  return p.reduce<Json>((x, s) => (x as Record<Segment, Json>)[s], v);
}

/** A copy of `json` with the edits applied (each path taken modulo the current number of paths). */
export function applyJsonEdits(json: Json, edits: readonly JsonEdit[]): Json {
  let doc = structuredClone(json);
  for (const e of edits) {
    const all = paths(doc);
    const p = all[e.at % all.length];
    let value: Json | undefined;
    if (e.kind === "delete") value = undefined;
    else if (e.kind === "replace") value = e.value;
    else if (e.kind === "borrow") value = structuredClone(getAt(doc, all[e.from % all.length]));
    else {
      const cur = getAt(doc, p);
      if (!Array.isArray(cur)) continue;
      value = Array.from({ length: e.length }, (_, i) => structuredClone(cur[i % Math.max(cur.length, 1)] ?? 0));
    }
    if (p.length === 0) {
      doc = value ?? null;
      continue;
    }
    const parent = getAt(doc, p.slice(0, -1)) as Record<Segment, Json> | Json[];
    const last = p[p.length - 1];
    if (value !== undefined) (parent as Record<Segment, Json>)[last] = value;
    else if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  }
  return doc;
}

/** How the mutated model file is written: whole, cut at a byte, or with one byte changed. */
export type TextEdit = { kind: "none" } | { kind: "truncate"; at: number } | { kind: "flip"; at: number; byte: number };
export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
);

/** The file's bytes: `json` serialised (indented or not), then `t` applied to the text. */
export function jsonBytes(json: Json, t: TextEdit, pretty: boolean): Buffer {
  let bytes = Buffer.from(JSON.stringify(json, null, pretty ? 2 : undefined) ?? "");
  if (t.kind === "truncate") bytes = bytes.subarray(0, t.at % (bytes.length + 1));
  if (t.kind === "flip" && bytes.length > 0) bytes[t.at % bytes.length] = t.byte;
  return bytes;
}
