// tune's rendering: the live table redraws itself in place (cursor up over its last drawing), the top
// table sorts by the metric (complete before pruned) and shows only the parameters that differ.
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { LiveTable, showValue, topTable } from "../../../src/cli/render/tune_log.js";
import type { JournalTrial } from "../../../src/run/study_journal.js";
import type { ParamValue } from "../../../src/tune/types.js";

const c = new Chalk({ level: 0 });

describe("tune rendering", () => {
  it("the live table redraws over its previous lines and marks the best trial", () => {
    const out: string[] = [];
    const t = new LiveTable({ write: (s: string) => out.push(s), isTTY: true }, c, ["lr"], "val_loss");
    t.start(0, { lr: 0.01 });
    t.epoch(0, 1, 2, 0.7);
    t.end({ type: "complete", trial: 0, value: 0.6, epochs: 2, seconds: 1 }, { lr: 0.01 }, 0);
    expect(out).toEqual([
      "trial  lr    val_loss  epochs  status\n0      0.01  -         0       running\n",
      "\x1b[2F\x1b[Jtrial  lr    val_loss  epochs  status\n0      0.01  0.7       1/2     running\n",
      "\x1b[2F\x1b[Jtrial  lr    val_loss  epochs  status\n0      0.01  0.6       2       complete  *\n",
    ]);
  });

  it("the live table cuts its lines to the terminal's width (a wrapped line would break the redraw)", () => {
    const out: string[] = [];
    const t = new LiveTable({ write: (s: string) => out.push(s), isTTY: true, columns: 20 }, c, ["optimizer.learning_rate"], "val_loss");
    t.start(0, { "optimizer.learning_rate": 0.01 });
    expect(out[0]).toBe("trial  optimizer.le\n0      0.01\n");
  });

  it("the top table: complete trials by value, then pruned; failed ones left out; equal parameters hidden", () => {
    const trial = (number: number, lr: number, end: JournalTrial["end"]): JournalTrial => ({ number, params: { lr, units: 8 }, epochs: [], end });
    const lines = topTable([
      trial(0, 0.1, { type: "complete", trial: 0, value: 0.5, epochs: 3, seconds: 1 }),
      trial(1, 0.2, { type: "pruned", trial: 1, epoch: 1, value: 0.1 }),
      trial(2, 0.3, { type: "complete", trial: 2, value: 0.25, epochs: 3, seconds: 1 }),
      trial(3, 0.4, { type: "failed", trial: 3, epoch: 0, reason: "no" }),
    ], ["lr", "units"], "val_loss", true, 2, c);
    expect(lines).toEqual([
      "trial  status    val_loss  epochs  lr",
      "2      complete  0.25      3       0.3  *",
      "0      complete  0.5       3       0.1",
      "1      pruned    0.1       1       0.2",
    ]);
    expect([showValue(0.000123456), showValue(32), showValue({ type: "adam" }), showValue({ type: "sgd", momentum: 0.9, nesterov: true }), showValue([1, 2])]).toEqual([
      "0.0001235", "32", "adam", "sgd(momentum=0.9,nesterov=true)", "[1,2]",
    ]);
    const layers: ParamValue = [{ type: "dense", units: 64, activation: "relu" }, { type: "dropout", rate: 0.2 }, { type: "batch_norm" }, { type: "dense", units: 10, activation: "softmax" }];
    expect(showValue(layers)).toBe("64-do0.2-batch_norm-10");
  });
});
