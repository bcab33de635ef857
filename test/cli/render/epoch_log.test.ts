import { describe, expect, it } from "vitest";
import { barLine, epochLine, formatPerStep, formatValue, logValues, progressBar, shownKeys } from "../../../src/cli/render/epoch_log.js";

describe("Keras epoch log text", () => {
  it("formats values as Keras: 4 decimals, scientific below 1e-3, n/a for undefined", () => {
    expect([0.42131, 1, 0, 0.001, 0.00012345, -2.5, null].map(formatValue)).toEqual(["0.4213", "1.0000", "0.0000", "0.0010", "1.2345e-4", "-2.5000", "n/a"]);
  });

  it("draws the 30-character bar: empty, partial with a head, full", () => {
    expect(progressBar(0, 12)).toBe("[" + ".".repeat(30) + "]");
    expect(progressBar(6, 12)).toBe("[" + "=".repeat(14) + ">" + ".".repeat(15) + "]");
    expect(progressBar(12, 12)).toBe("[" + "=".repeat(30) + "]");
  });

  it("time per step in s, ms or us", () => {
    expect([2500, 2, 0.85].map(formatPerStep)).toEqual(["3s/step", "2ms/step", "850us/step"]);
  });

  it("builds SPEC's two line forms", () => {
    const logs = { loss: 0.4213, accuracy: 0.8571, val_loss: 0.3987, val_accuracy: 0.9091 };
    const values = logValues(logs, shownKeys(["accuracy"], true));
    expect(barLine(12, 12, 0.02, 2, values)).toBe(
      "12/12 [==============================] - 0s 2ms/step - loss: 0.4213 - accuracy: 0.8571 - val_loss: 0.3987 - val_accuracy: 0.9091",
    );
    expect(epochLine(12, 0.02, values, 0.001)).toBe(
      "12/12 - 0s - loss: 0.4213 - accuracy: 0.8571 - val_loss: 0.3987 - val_accuracy: 0.9091 - lr: 0.0010",
    );
    // Keras: int(30 * 3/12) = 7 cells: 6 "=", the ">" head, then 23 "."
    expect(barLine(3, 12, 0, 1, "")).toBe(" 3/12 [" + "=".repeat(6) + ">" + ".".repeat(23) + "] - 0s 1ms/step");
  });
});
