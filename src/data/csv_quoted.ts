// The general path: csv-parse (streaming) for files with quoted fields — embedded delimiters, quotes,
// line breaks. Cells go through the same rules as the fast path (cells.ts, RawBuilder).
import { Readable } from "node:stream";
import { parse, CsvError } from "csv-parse";
import { MltrainError } from "../errors.js";
import { isMissing, parseNumber, trimCell } from "./cells.js";
import { raggedRow } from "./csv_fast.js";
import type { RawBuilder } from "./raw_table.js";

const LF = 10;
const CR = 13;

/** Parse all records of `body` (BOM already removed); the first is the header, handed to `onHeader`. */
export async function parseQuoted(
  body: Buffer,
  file: string,
  delimiter: string,
  onHeader: (header: string[]) => RawBuilder,
): Promise<RawBuilder> {
  const parser = parse({
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  Readable.from([body]).pipe(parser);
  // csv-parse reports where a record ends (info.bytes); the line it starts on is counted here, so
  // line breaks inside quoted fields and skipped empty lines are numbered like a text editor does.
  const lines = new LineCounter(body);
  let b: RawBuilder | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const line = lines.startOfNextRecord();
      lines.advanceTo(info.bytes);
      if (b === null) {
        b = onHeader(record);
        continue;
      }
      b.beginRow(line);
      const nCols = b.nCols;
      for (let c = 0; c < record.length && c < nCols; c++) {
        if (!b.reads(c)) continue;
        const text = trimCell(record[c]);
        const v = parseNumber(text);
        if (v === v) b.numberCell(c, v, b.needsText(c) ? text : undefined);
        else if (isMissing(text)) b.missingCell(c, text);
        else b.textCell(c, text);
      }
      if (record.length !== nCols) throw raggedRow(b, line, record.length);
      b.endRow();
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const where = { file, line: (err as unknown as { lines?: number }).lines };
      throw new MltrainError("data.parse", `cannot read the CSV: ${err.message}`, where);
    }
    throw err;
  } finally {
    parser.destroy();
  }
  if (b === null) throw new MltrainError("data.empty", "the file is empty (a header row is required)", { file });
  return b;
}

/** 1-based line numbers of byte positions, counting CRLF, LF and CR as one line break each. */
class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly buf: Buffer) {}

  /** Skip the empty lines after the previous record; the line the next record starts on. */
  startOfNextRecord(): number {
    const buf = this.buf;
    while (this.pos < buf.length && (buf[this.pos] === LF || buf[this.pos] === CR)) this.step();
    return this.line;
  }

  advanceTo(end: number): void {
    while (this.pos < end && this.pos < this.buf.length) this.step();
  }

  private step(): void {
    const ch = this.buf[this.pos++];
    if (ch === LF) this.line++;
    else if (ch === CR) {
      if (this.buf[this.pos] === LF) this.pos++;
      this.line++;
    }
  }
}
