// Table: rows of model-ready inputs and targets, row-major and contiguous.

export interface Table {
  /** [rows, nIn] transformed features. */
  x: Float32Array;
  /** [rows, nOut] encoded targets. */
  y: Float32Array;
  rows: number;
  nIn: number;
  nOut: number;
  /** 1-based data row numbers in the source file (the header is not a data row; skipped blank lines not counted). */
  rowIds: Int32Array;
}

/** Table.rowIds of the 0-based source rows `rows`: 1-based data row numbers. */
export function rowIdsOf(rows: Int32Array): Int32Array {
  return rows.map((r) => r + 1);
}
