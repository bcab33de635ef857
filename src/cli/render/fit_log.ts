// Renders the fit loop's events as Keras logs on the human stream (stdout, or stderr with --json):
// verbose 0 nothing, 1 a live bar per epoch (on a TTY; elsewhere the bar's final line), 2 one line per
// epoch. Gradient warnings go to stderr. Colour only through the chalk instance given (off on pipes).
import type { ChalkInstance } from "chalk";
import type { BatchProgress, FitEvent, FitResult } from "../../train/index.js";
import type { Out } from "../io.js";
import { barLine, epochHeader, epochLine, formatValue, logValues, restartHeader, shownKeys } from "./epoch_log.js";
import { EpochBar } from "./progress.js";

export class EpochRenderer {
  private readonly keys: string[];
  private bar: EpochBar | null = null;
  private steps = 0;
  private readonly live: Record<string, number | null> = { loss: 0 };

  constructor(
    private readonly out: Out,
    private readonly verbose: number,
    private readonly c: ChalkInstance,
    private readonly metrics: readonly string[],
    hasValidation: boolean,
    private readonly warn: Out = process.stderr,
  ) {
    this.keys = shownKeys(metrics, hasValidation);
  }

  private say(line: string): void {
    if (this.verbose > 0) this.out.write(line + "\n");
  }

  event(ev: FitEvent): void {
    switch (ev.type) {
      case "restart_start":
        if (ev.restarts > 1) this.say(this.c.bold(restartHeader(ev.restart, ev.restarts)));
        break;
      case "epoch_start":
        this.say(epochHeader(ev.epoch, ev.epochs));
        this.steps = ev.steps;
        if (this.verbose === 1 && this.out.isTTY) {
          this.bar = new EpochBar(this.out);
          this.bar.start(ev.steps);
        }
        break;
      case "epoch_end": {
        const values = logValues(ev.logs, this.keys);
        const seconds = ev.logs.seconds ?? 0;
        if (this.verbose === 1) {
          const line = barLine(ev.steps, ev.steps, seconds, ev.ms_per_step, values);
          if (this.bar) this.bar.finish(ev.steps, line);
          else this.say(line);
          this.bar = null;
        } else if (this.verbose === 2) {
          this.say(epochLine(ev.steps, seconds, values, ev.logs.lr));
        }
        break;
      }
      case "warning":
        this.warn.write(this.c.yellow(`Warning: ${ev.warning.message}`) + "\n");
        break;
      default:
        break;
    }
  }

  /** Live bar update after a batch (verbose 1 on a TTY). */
  batch(p: BatchProgress): void {
    if (!this.bar) return;
    this.live.loss = p.loss;
    this.bar.update(p.step, barLine(p.step, p.steps, p.elapsedMs / 1000, p.elapsedMs / p.step, logValues(this.live, ["loss"])));
  }

  /**
   * `Test (N rows): loss (log_loss): ... - accuracy: ...` from the values train.scoreLogged computed;
   * the loss is named by the metric it is (`lossName`), as eval's table names it.
   */
  testLine(rows: number, values: Record<string, number | null> | null, lossName: string): string | null {
    if (values === null) return null;
    const { loss, ...rest } = values;
    return `Test (${rows} row${rows === 1 ? "" : "s"}): loss (${lossName}): ${formatValue(loss)}${logValues(rest, Object.keys(rest))}`;
  }
}


/** The end of a run: best epoch (and restart), early stopping, the test metrics, the files written. */
export function finalLines(result: FitResult, test: string | null, files: readonly string[], restarts: number): string[] {
  const lines: string[] = [];
  const kept = result.restarts.find((r) => r.kept);
  if (result.status === "completed" && kept) {
    const where = restarts > 1 ? `restart ${kept.restart}/${restarts}, ` : "";
    const value = kept.best_value === null ? "" : ` (${kept.monitor}: ${formatValue(kept.best_value)})`;
    const weights = kept.kept_epoch === kept.best_epoch ? "" : `; the model has the weights of the last epoch (${kept.kept_epoch})`;
    lines.push(`Best: ${where}epoch ${kept.best_epoch}${value}${weights}`);
    if (result.stoppedEarly) lines.push(`Stopped early after epoch ${result.epochsRun}`);
  }
  if (test) lines.push(test);
  if (files.length > 0) lines.push("Wrote:", ...files.map((f) => `  ${f}`));
  return lines;
}
