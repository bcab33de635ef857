// Mutations of a file's text (a shipped config or dataset) as an arbitrary of edit lists: bytes flipped,
// text inserted, the file cut short, lines cut, duplicated or swapped, keys swapped, a key's value or a
// CSV cell replaced by an odd scalar. Positions are taken modulo the length, so every edit applies to
// any text and shrinks towards the start of the file.
import fc from "fast-check";

/** Odd values a YAML key or a CSV cell might be given. */
export const oddScalars = [
  "", "null", "~", "true", "false", "no", "yes", "0", "-1", "1e309", "-0", "1e-400", ".nan", ".inf", "-.inf",
  "NaN", "NA", "inf", "0x1F", "0o17", "1_000", "''", '""', '"', "'", "[]", "{}", "[1, 2]", "{a: 1}", "[[]]", "*x", "&a 1",
  "!!str 3", "!!binary aGVsbG8=", "!!map", "!custom x", '"\\u0000"', "|", ">", "- a", "? a", ":", "a: b", "#", "%YAML 1.2",
  "---", "...", "@", "`", "\t", " ", "é", "\u0000", "\uFEFF", "💥", "123456789012345678901234567890", "9007199254740993",
];

export const yamlScalar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...oddScalars) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

export type Edit =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "cut"; line: number; count: number }
  | { kind: "duplicate"; line: number; times: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "swapKeys"; a: number; b: number }
  | { kind: "value"; line: number; text: string }
  | { kind: "cell"; line: number; cell: number; text: string };

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(yamlScalar, fc.constantFrom("\n", "\r\n", ",", ";", "\t", ":", " ", "  ", "- ", '"', "\\")) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("cut" as const), line: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("swapKeys" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("value" as const), line: fc.nat(), text: yamlScalar }),
  fc.record({ kind: fc.constant("cell" as const), line: fc.nat(), cell: fc.nat(), text: yamlScalar }),
);

/** One to four edits. */
export const edits: fc.Arbitrary<Edit[]> = fc.array(edit, { minLength: 1, maxLength: 4 });

const keyValue = /^(\s*(?:- )?)([^:#\s][^:#]*?)(\s*:)(\s+.*|)$/;

/** `text` with `e` applied (bytes for flip/truncate, lines otherwise; CSV cells split at commas). */
export function applyEdit(text: Buffer, e: Edit): Buffer {
  if (e.kind === "flip") {
    if (text.length === 0) return text;
    const out = Buffer.from(text);
    out[e.at % out.length] = e.byte;
    return out;
  }
  if (e.kind === "truncate") return text.subarray(0, text.length === 0 ? 0 : e.at % text.length);
  if (e.kind === "insert") {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    return Buffer.concat([text.subarray(0, at), Buffer.from(e.text), text.subarray(at)]);
  }
  const lines = text.toString("latin1").split("\n");
  const n = lines.length;
  const i = (k: number) => k % n;
  const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
  switch (e.kind) {
    case "cut":
      lines.splice(i(e.line), e.count);
      break;
    case "duplicate":
      lines.splice(i(e.line), 0, ...Array<string>(e.times).fill(lines[i(e.line)]));
      break;
    case "swap":
      [lines[i(e.a)], lines[i(e.b)]] = [lines[i(e.b)], lines[i(e.a)]];
      break;
    case "swapKeys": {
      const a = keyValue.exec(lines[i(e.a)]);
      const b = keyValue.exec(lines[i(e.b)]);
      if (a && b) {
        lines[i(e.a)] = a[1] + b[2] + a[3] + a[4];
        lines[i(e.b)] = b[1] + a[2] + b[3] + b[4];
      }
      break;
    }
    case "value": {
      const m = keyValue.exec(lines[i(e.line)]);
      if (m) lines[i(e.line)] = `${m[1]}${m[2]}${m[3]} ${utf8(e.text)}`;
      break;
    }
    case "cell": {
      const cells = lines[i(e.line)].split(",");
      cells[e.cell % cells.length] = utf8(e.text);
      lines[i(e.line)] = cells.join(",");
      break;
    }
  }
  return Buffer.from(lines.join("\n"), "latin1");
}

export function applyEdits(text: Buffer, es: readonly Edit[]): Buffer {
  return es.reduce(applyEdit, text);
}
