// Keras-style epoch log text, as pure functions (no I/O, no colour):
//   Epoch 3/50
//   12/12 [==============================] - 0s 2ms/step - loss: 0.4213 - accuracy: 0.8571 - val_loss: 0.3987   (verbose 1)
//   12/12 - 0s - loss: 0.4213 - accuracy: 0.8571 - val_loss: 0.3987 - val_accuracy: 0.9091 - lr: 0.0010       (verbose 2)
// Values as Keras prints them: 4 decimals, or 4-digit scientific below 1e-3 in magnitude; "n/a" for an
// undefined value.

export const BAR_WIDTH = 30;

export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return "n/a";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return v === 0 || Math.abs(v) >= 1e-3 ? v.toFixed(4) : v.toExponential(4);
}

/** Keras's time per step: 2s/step, 15ms/step, 850us/step. */
export function formatPerStep(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 1000)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/** Whole seconds, as Keras prints an epoch's duration. */
export function formatSeconds(s: number): string {
  return `${Math.round(s)}s`;
}

/** The 30-character bar: `[=====>........................]`, all `=` when done. */
export function progressBar(step: number, steps: number, width = BAR_WIDTH): string {
  const filled = steps > 0 ? Math.floor((width * step) / steps) : width;
  if (filled >= width) return "[" + "=".repeat(width) + "]";
  const head = filled > 0 ? "=".repeat(filled - 1) + ">" : "";
  return "[" + head + ".".repeat(width - head.length) + "]";
}

export function epochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch}/${epochs}`;
}

export function restartHeader(restart: number, restarts: number): string {
  return `Restart ${restart}/${restarts}`;
}

/** The logged values of an epoch: ` - key: value` for loss, metrics and val_* (not epoch/lr/seconds/grad norms). */
export function logValues(logs: Readonly<Record<string, number | null>>, keys: readonly string[]): string {
  return keys.map((k) => ` - ${k}: ${formatValue(logs[k])}`).join("");
}

/** Keys shown in the epoch line, in order: loss, metrics, val_loss, val_metrics. */
export function shownKeys(metrics: readonly string[], hasValidation: boolean): string[] {
  const keys = ["loss", ...metrics];
  return hasValidation ? [...keys, "val_loss", ...metrics.map((m) => `val_${m}`)] : keys;
}

/** verbose 1, the bar's line (live and final). */
export function barLine(step: number, steps: number, seconds: number, msPerStep: number, values: string): string {
  const n = String(steps);
  return `${String(step).padStart(n.length)}/${n} ${progressBar(step, steps)} - ${formatSeconds(seconds)} ${formatPerStep(msPerStep)}${values}`;
}

/** verbose 2, one line per epoch. */
export function epochLine(steps: number, seconds: number, values: string, lr: number): string {
  return `${steps}/${steps} - ${formatSeconds(seconds)}${values} - lr: ${formatValue(lr)}`;
}
