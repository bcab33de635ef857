// Splitting rows into train / validation / test: seeded shuffle, optional stratification, and a
// deterministic rounding of the ratios to row counts.
import { Rng } from "../engine/random.js";
import { MltrainError } from "../errors.js";

const splitNames = ["train", "validation", "test"] as const;

/** Salt of the split's Rng (Rng.derive(seed, SPLIT_SALT)): independent of weight init and batch shuffles. */
export const SPLIT_SALT = 0x5eed_da7a;

export interface SplitOptions {
  ratios: [number, number, number];
  shuffle: boolean;
  seed: number;
  /** Per row, the stratum (class or label combination) index; null: no stratification. */
  strata: Int32Array | null;
  /** Names of the strata, for messages. */
  strataNames: string[];
  /** The file, for messages. */
  file: string;
}

/**
 * Row counts per split for `n` rows: floor(n * ratio), then the leftover rows go to the largest
 * fractional parts (ties: train, validation, test). A split with a nonzero ratio that rounds to 0 rows
 * takes one row from the largest split. Returns null if n is smaller than the number of nonzero ratios.
 */
export function splitCounts(n: number, ratios: readonly number[]): number[] | null {
  const nonzero = ratios.filter((r) => r > 0).length;
  if (n < nonzero) return null;
  const total = ratios.reduce((a, b) => a + b, 0);
  const exact = ratios.map((r) => (n * r) / total);
  const counts = exact.map((x) => Math.floor(x + 1e-9));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = [0, 1, 2].filter((k) => ratios[k] > 0).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) counts[order[i]]++;
  for (let k = 0; k < 3; k++) {
    if (ratios[k] > 0 && counts[k] === 0) {
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest]--;
      counts[k]++;
    }
  }
  return counts;
}

/**
 * Divide rows 0..n-1 into the three splits. With shuffle, rows are visited in a seeded random order
 * (Rng.derive(seed, SPLIT_SALT)); without, in file order. With strata, each stratum is divided by its own
 * counts (so every split keeps the class proportions); each split lists its rows in the visiting order.
 */
export function splitRows(n: number, opts: SplitOptions): [Int32Array, Int32Array, Int32Array] {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (opts.shuffle) Rng.derive(opts.seed, SPLIT_SALT).shuffle(order);

  const assign = new Uint8Array(n); // split index per row
  if (opts.strata === null) {
    const counts = splitCounts(n, opts.ratios);
    if (counts === null) throw tooFew(opts, `${n} row${n === 1 ? "" : "s"}`);
    assignInOrder(order, counts, assign);
  } else {
    const strata = opts.strata;
    const k = opts.strataNames.length;
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) members[strata[order[i]]].push(order[i]);
    for (let s = 0; s < k; s++) {
      const rows = members[s];
      if (rows.length === 0) continue;
      const counts = splitCounts(rows.length, opts.ratios);
      if (counts === null) throw tooFew(opts, `class ${JSON.stringify(opts.strataNames[s])} has ${rows.length} row${rows.length === 1 ? "" : "s"}`);
      assignInOrder(rows, counts, assign);
    }
  }
  const out = [0, 1, 2].map(() => [] as number[]);
  for (let i = 0; i < n; i++) out[assign[order[i]]].push(order[i]);
  return [Int32Array.from(out[0]), Int32Array.from(out[1]), Int32Array.from(out[2])];
}

function assignInOrder(rows: ArrayLike<number>, counts: number[], assign: Uint8Array): void {
  let i = 0;
  for (let s = 0; s < 3; s++) for (let c = 0; c < counts[s]; c++) assign[rows[i++]] = s;
}

function tooFew(opts: SplitOptions, what: string): MltrainError {
  const used = splitNames.filter((_, k) => opts.ratios[k] > 0);
  const ratios = used.map((s) => `${s} ${opts.ratios[splitNames.indexOf(s)]}`).join(", ");
  const fix = opts.strata ? "; set data.split.stratify: false, or give the class more rows" : "";
  return new MltrainError(
    "data.split",
    `${what}, too few for one row in each of ${used.length} splits (${ratios})${fix}`,
    { file: opts.file, path: "data.split" },
  );
}
