// The terminal chart (schedule command, the after-fit loss curve): rows, labels, resampling.
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { asciiChart, labelFormat, lossCurve, resample } from "../../../src/cli/render/chart.js";

describe("asciiChart", () => {
  it("draws a falling line with one column per value and labels from min to max (exact text)", () => {
    expect(asciiChart([{ values: [3, 2, 1, 1] }], { height: 3 })).toEqual([
      "3.0 ┤╮   ",
      "2.0 ┤╰╮  ",
      "1.0 ┤ ╰──",
    ]);
  });
  it("a step up is drawn with ╯ and ╭ joined by │", () => {
    expect(asciiChart([{ values: [0, 0, 2] }], { height: 3 })).toEqual(["2.0 ┤ ╭─", "1.0 ┤ │ ", "0.0 ┤─╯ "]);
  });
  it("a constant is centred in a ±10% band, not drawn at the bottom", () => {
    const lines = asciiChart([{ values: [0.01, 0.01, 0.01] }], { height: 3 });
    expect(lines[1]).toMatch(/┤───$/);
  });
  it("resample: bucket means when shrinking, first values with pick, nulls as gaps", () => {
    expect(resample([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(resample([1, 3, 5, 7], 2, true)).toEqual([1, 5]);
    expect(resample([null, null, 5, 7], 2)).toEqual([null, 6]);
  });
  it("labels carry enough decimals for the row step, exponent form below 1e-4", () => {
    expect(labelFormat(0.0089, 0.0011)).toBe("0.0089");
    expect(labelFormat(0.00002, 0.001)).toBe("2.00e-5");
  });
});

describe("lossCurve", () => {
  const c = new Chalk({ level: 0 });
  it("a legend line, 8 chart rows and the epoch axis; val_loss only when the history has it", () => {
    const h = Array.from({ length: 30 }, (_, i) => ({ epoch: i + 1, lr: 0.01, loss: 1 / (i + 1), val_loss: 1.2 / (i + 1) }));
    const lines = lossCurve(h, c, 80);
    expect(lines[0]).toBe("Loss per epoch: ─ loss  ─ val_loss");
    expect(lines).toHaveLength(10);
    expect(lines[9].trim()).toMatch(/^1\s+30$/);
    expect(lossCurve(h.map(({ epoch, lr, loss }) => ({ epoch, lr, loss })), c)[0]).toBe("Loss per epoch: ─ loss");
  });
  it("nothing for a single epoch", () => {
    expect(lossCurve([{ epoch: 1, lr: 0.01, loss: 1 }], c)).toEqual([]);
  });
});
