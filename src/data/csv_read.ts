// readCsv: a CSV (or .csv.gz) file into a RawTable. The header row is required; the delimiter is the
// one of `, ; TAB |` that occurs most in the header line unless given. Gzip is recognised by its magic
// bytes (standard input has no name); binary data (NUL bytes) and UTF-16 are refused by name. Files without a `"` take the
// byte-level fast path (csv_fast.ts); files with quoting go through csv-parse (csv_quoted.ts).
import { readFile } from "node:fs/promises";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { MltrainError } from "../errors.js";
import { parseFast } from "./csv_fast.js";
import { parseQuoted } from "./csv_quoted.js";
import { RawBuilder, type RawTable, type SelectColumns } from "./raw_table.js";

const gunzipAsync = promisify(gunzip);

export interface ReadCsvOptions {
  /** The file as messages name it. */
  display: string;
  /** One character; default: detected from the header line. */
  delimiter?: string;
  /** Which columns to read, decided from the header (may throw, e.g. for a missing column). */
  select: SelectColumns;
  /** `missing: error`: a missing cell in a feature or target column is a data.parse error. */
  missingIsError: boolean;
  /** The file's bytes when already read (standard input); absPath is then not opened. */
  bytes?: Buffer;
  /** What a missing cell's message suggests (default: data.missing), for `missingIsError`. */
  missingHint?: string;
  /** "auto": the fast path for files without quotes; "csv-parse": always csv-parse (tests, benchmarks). */
  parser?: "auto" | "csv-parse";
}

const delimiterCandidates = [",", ";", "\t", "|"] as const;

export async function readCsv(absPath: string, opts: ReadCsvOptions): Promise<RawTable> {
  const file = opts.display;
  let buf = await readBytes(absPath, file, opts.bytes);
  let start = 0;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3; // UTF-8 BOM
  if (start > 0) buf = buf.subarray(start);
  if (isBlank(buf)) throw new MltrainError("data.empty", "the file is empty (a header row is required)", { file });

  let headerEnd = buf.indexOf(10);
  if (headerEnd < 0) headerEnd = buf.length;
  const headerLine = buf.toString("utf8", 0, headerEnd).replace(/\r$/, "");
  const delimiter = opts.delimiter ?? detectDelimiter(headerLine);
  const quoted = buf.indexOf(34) >= 0;

  let builder: RawBuilder;
  const makeBuilder = (fields: string[], capacity: number): RawBuilder => {
    const header = checkHeader(fields, file);
    const roles = opts.select(header);
    return new RawBuilder(file, header, delimiter, roles, capacity, opts.missingIsError, opts.missingHint);
  };
  if (!quoted && opts.parser !== "csv-parse") {
    builder = makeBuilder(headerLine.split(delimiter), countLines(buf, headerEnd));
    parseFast(buf, headerEnd + 1, delimiter.charCodeAt(0), builder);
  } else {
    builder = await parseQuoted(buf, file, delimiter, (fields) => makeBuilder(fields, 1024));
  }
  const table = builder.finish();
  if (table.rows === 0) {
    throw new MltrainError("data.empty", "the file has a header row but no data rows", { file, line: 2 });
  }
  return table;
}

async function readBytes(absPath: string, file: string, given: Buffer | undefined): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = given ?? (await readFile(absPath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a CSV file" : `cannot read the file (${code ?? String(err)})`;
    throw new MltrainError("data.io", why, { file });
  }
  if ((given === undefined && absPath.endsWith(".gz")) || (buf[0] === 0x1f && buf[1] === 0x8b)) {
    try {
      buf = await gunzipAsync(buf);
    } catch (err) {
      throw new MltrainError("data.io", `cannot decompress the gzip data (${(err as Error).message})`, { file });
    }
  }
  checkText(buf, file);
  return buf;
}

/** A CSV is UTF-8 text: UTF-16 (a BOM) and binary data (NUL bytes near the start) are named as such. */
function checkText(buf: Buffer, file: string): void {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new MltrainError("data.parse", "not a UTF-8 CSV file: it is UTF-16 text (a byte-order mark); save it as UTF-8 (CSV UTF-8 in Excel)", { file });
  }
  let nul = 0;
  for (let i = 0, n = Math.min(buf.length, 1024); i < n; i++) if (buf[i] === 0) nul++;
  if (nul > 0) {
    throw new MltrainError("data.parse", `not a text CSV file (it looks binary: ${nul} NUL byte${nul === 1 ? "" : "s"} in the first KB)`, { file });
  }
}

/** The candidate delimiter that occurs most often outside quotes in the header line (default `,`). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(delimiterCandidates.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Trimmed names; an empty name becomes `unnamed_N` (N = 1-based position, like pandas' index column). */
function checkHeader(fields: string[], file: string): string[] {
  const header = fields.map((f, i) => f.trim() || `unnamed_${i + 1}`);
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new MltrainError(
        "data.parse",
        `duplicate column name ${JSON.stringify(name)} (also column ${first + 1}); column names must be unique`,
        { file, line: 1, col: i + 1 },
      );
    }
    seen.set(name, i);
  });
  return header;
}

function isBlank(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const ch = buf[i];
    if (ch !== 10 && ch !== 13 && ch !== 32 && ch !== 9) return false;
  }
  return true;
}

/** Line breaks after the header: an upper bound on the number of data rows. */
function countLines(buf: Buffer, from: number): number {
  let n = 1;
  for (let p = buf.indexOf(10, from + 1); p >= 0; p = buf.indexOf(10, p + 1)) n++;
  return n;
}
