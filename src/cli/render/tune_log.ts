// What `mltrain tune` shows of a study: a line per finished trial (a pipe), a live table redrawn in
// place (a terminal), and at the end the top trials sorted by the metric with the parameters that
// differ among them.
import type { ChalkInstance } from "chalk";
import type { JournalTrial, TrialEnd } from "../../run/study_journal.js";
import type { ParamValue, Params } from "../../tune/types.js";
import type { Out } from "../io.js";

/**
 * A parameter value as shown (study.csv keeps the exact JSON): floats to 4 significant digits; a
 * subtree with a type by it and its other keys, sgd(momentum=0.9); a layer list by its layers,
 * 64-do0.2-10 (dense by units, dropout as do + rate, others by type); anything else as compact JSON.
 */
export function showValue(v: ParamValue | undefined): string {
  if (v === undefined) return "-";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (typeof v === "string") return v;
  const typed = (x: ParamValue): x is { type: string } & Record<string, ParamValue> => typeof x === "object" && x !== null && !Array.isArray(x) && typeof x.type === "string";
  if (typed(v)) {
    const rest = Object.entries(v).filter(([k]) => k !== "type").map(([k, x]) => `${k}=${showValue(x)}`);
    return rest.length > 0 ? `${v.type}(${rest.join(",")})` : v.type;
  }
  if (Array.isArray(v) && v.length > 0 && v.every(typed)) {
    return v.map((l) => (l.type === "dense" && typeof l.units === "number" ? String(l.units) : l.type === "dropout" ? `do${showValue(l.rate)}` : l.type)).join("-");
  }
  return JSON.stringify(v);
}

const showMetric = (v: number | undefined): string => (v === undefined ? "-" : String(Number(v.toPrecision(5))));

export function paramsText(params: Params, paths: readonly string[]): string {
  return paths.filter((p) => p in params).map((p) => `${p}=${showValue(params[p])}`).join(" ");
}

export function endValue(end: TrialEnd | null): number | undefined {
  return end?.type === "complete" || end?.type === "pruned" ? end.value : undefined;
}

/** `Trial 3 complete: val_loss 0.29513, 6 epochs, 0.06 s; lr=0.01 units=30 (best so far)`. */
export function trialEndLine(end: TrialEnd, params: Params, paths: readonly string[], metric: string, best: boolean): string {
  const p = paramsText(params, paths);
  if (end.type === "failed") return `Trial ${end.trial} failed at epoch ${end.epoch}: ${end.reason}; ${p}`;
  const what = end.type === "complete" ? `complete: ${metric} ${showMetric(end.value)}, ${end.epochs} epochs, ${end.seconds.toFixed(2)} s` : `pruned after epoch ${end.epoch}: ${metric} ${showMetric(end.value)}`;
  return `Trial ${end.trial} ${what}; ${p}${best ? " (best so far)" : ""}`;
}

interface Row {
  cells: string[];
  best: boolean;
}

/** Aligned columns, the best row green and starred; each line cut to `width` characters (before colouring). */
function table(head: string[], rows: Row[], c: ChalkInstance, width = Infinity): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
  const cut = (l: string) => (l.length > width ? l.slice(0, width).trimEnd() : l);
  const line = (cells: string[]) => cut(cells.map((s, i) => s.padEnd(widths[i])).join("  ").trimEnd());
  return [c.bold(line(head)), ...rows.map((r) => (r.best ? c.green(cut(line(r.cells) + "  *")) : line(r.cells)))];
}

/** The top `n` finished trials by the metric (complete first, then pruned), with the parameters that differ. */
export function topTable(trials: readonly JournalTrial[], paths: readonly string[], metric: string, minimize: boolean, bestNumber: number | null, c: ChalkInstance, n = 10): string[] {
  const ranked = trials
    .filter((t) => endValue(t.end) !== undefined)
    .sort((a, b) => {
      if (a.end!.type !== b.end!.type) return a.end!.type === "complete" ? -1 : 1;
      const d = (endValue(a.end)! - endValue(b.end)!) * (minimize ? 1 : -1);
      return d || a.number - b.number;
    })
    .slice(0, n);
  const differ = paths.filter((p) => new Set(ranked.map((t) => showValue(t.params[p]))).size > 1);
  const shown = differ.length > 0 ? differ : paths;
  const rows = ranked.map((t) => ({
    cells: [String(t.number), t.end!.type, showMetric(endValue(t.end)), String(t.end!.type === "complete" ? t.end!.epochs : (t.end as { epoch: number }).epoch), ...shown.map((p) => showValue(t.params[p]))],
    best: t.number === bestNumber,
  }));
  return table(["trial", "status", metric, "epochs", ...shown], rows, c);
}

/** A terminal's live table: every trial started so far (the last `max`), redrawn in place. */
export class LiveTable {
  private lines = 0;
  private readonly rows = new Map<number, { params: Params; value: number | undefined; epochs: string; status: string }>();
  private best: number | null = null;

  constructor(
    private readonly out: Out,
    private readonly c: ChalkInstance,
    private readonly paths: readonly string[],
    private readonly metric: string,
    private readonly max = 15,
  ) {}

  start(trial: number, params: Params): void {
    this.rows.set(trial, { params, value: undefined, epochs: "0", status: "running" });
    this.draw();
  }

  epoch(trial: number, epoch: number, epochs: number, value: number | null): void {
    const r = this.rows.get(trial);
    if (!r) return;
    r.epochs = `${epoch}/${epochs}`;
    r.value = value ?? undefined;
    this.draw();
  }

  end(end: TrialEnd, params: Params, best: number | null): void {
    const r = this.rows.get(end.trial) ?? { params, value: undefined, epochs: "0", status: "" };
    r.status = end.type;
    r.value = endValue(end);
    r.epochs = String(end.type === "complete" ? end.epochs : end.epoch);
    this.rows.set(end.trial, r);
    this.best = best;
    this.draw();
  }

  private draw(): void {
    const numbers = [...this.rows.keys()].sort((a, b) => a - b).slice(-this.max);
    const rows = numbers.map((n) => {
      const r = this.rows.get(n)!;
      return { cells: [String(n), ...this.paths.map((p) => showValue(r.params[p])), showMetric(r.value), r.epochs, r.status], best: n === this.best };
    });
    // cut to the terminal's width: a wrapped line would throw off the cursor-up count
    const width = this.out.columns && this.out.columns > 1 ? this.out.columns - 1 : Infinity;
    const text = table(["trial", ...this.paths, this.metric, "epochs", "status"], rows, this.c, width);
    const up = this.lines > 0 ? `\x1b[${this.lines}F\x1b[J` : "";
    this.out.write(up + text.join("\n") + "\n");
    this.lines = text.length;
  }
}
