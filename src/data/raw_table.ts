// RawTable: the cells of a CSV as read, column by column, before any decision about tasks, splits or
// scaling. Both readers (csv_fast.ts, csv_parse.ts) fill one through RawBuilder, which also owns the
// cell-level errors (a word in a numeric column, a missing value when `missing: error`).
import { MltrainError } from "../errors.js";

/** What a column holds: numbers only, some text (categorical), or nothing but missing cells. */
export type ColumnKind = "numeric" | "text" | "empty";

/**
 * Why a column is read. feature: numbers, or categories when its first value is text (a word after
 * numbers is an error, and so is a first word followed by more numbers than words); category: text kept as written (eval/predict of a categorical feature);
 * target: labels kept as written; keep: text carried through untouched (ids for predictions).
 */
export type ColumnRole = "feature" | "category" | "target" | "keep";

export interface RawColumn {
  name: string;
  /** 0-based position in the header (the error column is index + 1). */
  index: number;
  kind: ColumnKind;
  /** The value of every numeric cell; NaN where the cell is missing or text. */
  num: Float32Array;
  /** The trimmed cell as written, for text columns and for target/keep columns; undefined where missing. */
  text: (string | undefined)[] | null;
  /** 1 where the cell is missing (see cells.ts); null when no cell is. */
  missing: Uint8Array | null;
}

export interface RawTable {
  /** The file as messages name it. */
  file: string;
  header: string[];
  delimiter: string;
  rows: number;
  /** The 1-based file line on which each data row starts (the header is line 1). */
  lines: Int32Array;
  /** The columns that were read, by name (others are skipped without being stored). */
  columns: Map<string, RawColumn>;
}

/** Decided once the header is known: which columns to read and why. */
export type SelectColumns = (header: string[]) => (ColumnRole | null)[];

const UNDECIDED = 0;
const NUMERIC = 1;
const TEXT = 2;

export class RawBuilder {
  row = 0;
  private capacity: number;
  private lines: Int32Array;
  readonly nCols: number;
  readonly roles: (ColumnRole | null)[];
  private readonly kinds: Uint8Array;
  private readonly nums: (Float32Array | null)[];
  private readonly texts: ((string | undefined)[] | null)[];
  private readonly missing: (Uint8Array | null)[];
  /** Line of each column's first numeric cell (for the "expected a number" message). */
  private readonly firstNumericLine: Int32Array;
  /** Per column: numeric and text cells seen, and the first text cell (a word above numbers may be a typo). */
  private readonly numericCount: Int32Array;
  private readonly textCount: Int32Array;
  private readonly firstText: { line: number; text: string }[] = [];

  constructor(
    readonly file: string,
    readonly header: string[],
    readonly delimiter: string,
    roles: (ColumnRole | null)[],
    capacity: number,
    private readonly missingIsError: boolean,
    private readonly missingHint = "set data.missing to drop (skip such rows) or mean (fill with the train mean)",
  ) {
    this.nCols = header.length;
    this.roles = roles;
    this.capacity = Math.max(capacity, 16);
    this.lines = new Int32Array(this.capacity);
    this.kinds = new Uint8Array(this.nCols);
    this.firstNumericLine = new Int32Array(this.nCols);
    this.numericCount = new Int32Array(this.nCols);
    this.textCount = new Int32Array(this.nCols);
    this.nums = roles.map((r) => (r ? new Float32Array(this.capacity) : null));
    this.texts = roles.map((r) => (r !== null && r !== "feature" ? new Array<string | undefined>(this.capacity) : null));
    this.missing = roles.map(() => null);
  }

  /** Whether column c is read at all. */
  reads(c: number): boolean {
    return this.roles[c] !== null;
  }

  /** Whether a numeric cell of column c must also be stored as text. */
  needsText(c: number): boolean {
    return this.texts[c] !== null;
  }

  /** Start a row that begins on file line `line`. */
  beginRow(line: number): void {
    if (this.row === this.capacity) this.grow();
    this.lines[this.row] = line;
  }

  endRow(): void {
    this.row++;
  }

  /** A cell that is a number; `text` is given when needsText(c). */
  numberCell(c: number, value: number, text: string | undefined): void {
    if (this.kinds[c] === UNDECIDED) {
      this.kinds[c] = NUMERIC;
      this.firstNumericLine[c] = this.lines[this.row];
    }
    this.nums[c]![this.row] = value;
    this.numericCount[c]++;
    if (text !== undefined) this.texts[c]![this.row] = text;
  }

  /** A non-missing cell that is not a number (already trimmed). */
  textCell(c: number, text: string): void {
    const kind = this.kinds[c];
    if (kind === NUMERIC && this.roles[c] === "feature") {
      throw new MltrainError(
        "data.parse",
        `expected a number, got ${JSON.stringify(text)} (the column holds numbers from line ${this.firstNumericLine[c]}; ` +
          `a missing value is written as an empty cell, NA or ?)`,
        { file: this.file, line: this.lines[this.row], col: c + 1, path: this.header[c] },
      );
    }
    if (kind !== TEXT) this.firstText[c] = { line: this.lines[this.row], text };
    this.kinds[c] = TEXT;
    this.textCount[c]++;
    this.nums[c]![this.row] = NaN;
    let t = this.texts[c];
    if (t === null) {
      t = this.texts[c] = new Array<string | undefined>(this.capacity);
    }
    t[this.row] = text;
  }

  /** A missing cell (empty, NA, ?, ...). */
  missingCell(c: number, written: string): void {
    if (this.missingIsError && this.roles[c] !== "keep") {
      throw new MltrainError(
        "data.parse",
        `${written === "" ? "empty cell (a missing value)" : `missing value ${JSON.stringify(written)}`}; ${this.missingHint}`,
        { file: this.file, line: this.lines[this.row], col: c + 1, path: this.header[c] },
      );
    }
    this.nums[c]![this.row] = NaN;
    let m = this.missing[c];
    if (m === null) m = this.missing[c] = new Uint8Array(this.capacity);
    m[this.row] = 1;
  }

  finish(): RawTable {
    const rows = this.row;
    const columns = new Map<string, RawColumn>();
    for (let c = 0; c < this.nCols; c++) {
      if (this.roles[c] === null) continue;
      const kind = this.kinds[c];
      if (kind === TEXT && this.roles[c] === "feature" && this.numericCount[c] > this.textCount[c]) {
        // Text first, then mostly numbers: a typo in a numeric column rather than a categorical one.
        const first = this.firstText[c];
        throw new MltrainError(
          "data.parse",
          `expected a number, got ${JSON.stringify(first.text)} (${this.numericCount[c]} of the column's ${this.numericCount[c] + this.textCount[c]} ` +
            `values are numbers; a missing value is written as an empty cell, NA or ?)`,
          { file: this.file, line: first.line, col: c + 1, path: this.header[c] },
        );
      }
      const text = this.texts[c];
      if (text !== null) text.length = rows;
      columns.set(this.header[c], {
        name: this.header[c],
        index: c,
        kind: kind === NUMERIC ? "numeric" : kind === TEXT ? "text" : "empty",
        num: this.nums[c]!.subarray(0, rows),
        text,
        missing: this.missing[c]?.subarray(0, rows) ?? null,
      });
    }
    return {
      file: this.file,
      header: this.header,
      delimiter: this.delimiter,
      rows,
      lines: this.lines.subarray(0, rows),
      columns,
    };
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const lines = new Int32Array(cap);
    lines.set(this.lines);
    this.lines = lines;
    for (let c = 0; c < this.nCols; c++) {
      const n = this.nums[c];
      if (n) {
        const m = new Float32Array(cap);
        m.set(n);
        this.nums[c] = m;
      }
      const ms = this.missing[c];
      if (ms) {
        const m = new Uint8Array(cap);
        m.set(ms);
        this.missing[c] = m;
      }
      const t = this.texts[c];
      if (t) t.length = cap;
    }
    this.capacity = cap;
  }
}
