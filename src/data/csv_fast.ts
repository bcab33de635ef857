// The numeric fast path: parse a CSV byte buffer directly, without making a string per cell. Used for
// files without a single `"` (no quoting to interpret), which is how numeric datasets are written;
// anything else goes through csv-parse (csv_quoted.ts). Both fill the same RawBuilder, with the same
// cell rules (cells.ts), so a file reads the same through either path.
import { MltrainError } from "../errors.js";
import { isMissing, parseNumber } from "./cells.js";
import type { RawBuilder } from "./raw_table.js";

const LF = 10;
const CR = 13;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const LOWER_E = 101;
const UPPER_E = 69;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Parse the data rows of `buf` from byte `start` (just after the header line) into `b`. */
export function parseFast(buf: Buffer, start: number, delimiter: number, b: RawBuilder): void {
  const n = buf.length;
  const nCols = b.nCols;
  let p = start;
  let line = 2;
  while (p < n) {
    const c0 = buf[p];
    if (c0 === LF) {
      p++;
      line++;
      continue; // empty line
    }
    if (c0 === CR) {
      p += p + 1 < n && buf[p + 1] === LF ? 2 : 1;
      line++;
      continue;
    }
    b.beginRow(line);
    let col = 0;
    for (;;) {
      let e = p;
      while (e < n) {
        const ch = buf[e];
        if (ch === delimiter || ch === LF || ch === CR) break;
        e++;
      }
      if (col < nCols && b.reads(col)) cell(buf, p, e, col, b);
      col++;
      if (e >= n) {
        p = n;
        break;
      }
      const ch = buf[e];
      p = e + 1;
      if (ch === delimiter) continue;
      if (ch === CR && p < n && buf[p] === LF) p++;
      break;
    }
    if (col !== nCols) throw raggedRow(b, line, col);
    b.endRow();
    line++;
  }
}

export function raggedRow(b: RawBuilder, line: number, fields: number): MltrainError {
  return new MltrainError(
    "data.parse",
    `row has ${fields} field${fields === 1 ? "" : "s"}, the header has ${b.nCols} (every row needs one value per column)`,
    { file: b.file, line },
  );
}

function cell(buf: Buffer, s: number, e: number, c: number, b: RawBuilder): void {
  while (s < e && buf[s] === SPACE) s++;
  while (e > s && buf[e - 1] === SPACE) e--;
  if (s === e) {
    b.missingCell(c, "");
    return;
  }
  const v = parseBytes(buf, s, e);
  if (v === v) {
    b.numberCell(c, v, b.needsText(c) ? buf.toString("utf8", s, e) : undefined);
    return;
  }
  const text = buf.toString("utf8", s, e);
  if (isMissing(text)) b.missingCell(c, text);
  else b.textCell(c, text);
}

/**
 * The decimal number in buf[s, e), or NaN. Exact (correctly rounded) for up to 15 significant digits and
 * |exponent| <= 22, where mantissa and power of ten are both exact doubles; anything longer goes through
 * Number(), the same function the csv-parse path uses.
 */
export function parseBytes(buf: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  let ch = buf[i];
  if (ch === MINUS) {
    neg = true;
    i++;
  } else if (ch === PLUS) i++;
  let mant = 0;
  let sig = 0; // significant digits (after the leading zeros)
  let exp = 0;
  let any = false;
  while (i < e) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    if (mant !== 0) sig++;
    any = true;
    i++;
  }
  if (i < e && buf[i] === DOT) {
    i++;
    while (i < e) {
      const d = buf[i] - ZERO;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      if (mant !== 0) sig++;
      exp--;
      any = true;
      i++;
    }
  }
  if (!any) return NaN;
  if (i < e) {
    ch = buf[i];
    if (ch !== LOWER_E && ch !== UPPER_E) return NaN;
    return parseNumber(buf.toString("latin1", s, e)); // exponent: rare, let Number() do it
  }
  if (sig > 15) return parseNumber(buf.toString("latin1", s, e));
  let v: number;
  if (exp === 0) v = mant;
  else if (exp >= -22) v = mant / POW10[-exp];
  else return parseNumber(buf.toString("latin1", s, e));
  return neg ? -v : v;
}
