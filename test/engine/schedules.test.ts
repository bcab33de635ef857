// Every schedule's lr(epoch) against SPEC's formula (exact to 1e-12 relative: same float64 arithmetic),
// warm-up, reduce_on_plateau's epoch-end logic (as keras.callbacks.ReduceLROnPlateau) and state round-trip.
import { describe, expect, it } from "vitest";
import { createSchedule, schedules, type ScheduleOptions } from "../../src/engine/index.js";

const lr0 = 0.1;
const parse = (o: Record<string, unknown>) =>
  schedules[o.type as keyof typeof schedules].options.parse(o) as ScheduleOptions;
const lrs = (o: Record<string, unknown>, n: number, epochs = 20) => {
  const s = createSchedule(parse(o), { lr0, epochs });
  return Array.from({ length: n }, (_, e) => s.lr(e));
};
const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-12 * Math.abs(b[i]) + 1e-15));
const range = (n: number) => Array.from({ length: n }, (_, e) => e);

describe("schedules follow SPEC's formulas (1e-12 relative)", () => {
  it("constant: lr0", () => close(lrs({ type: "constant" }, 5), [0.1, 0.1, 0.1, 0.1, 0.1]));
  it("step: lr0*factor^floor(e/every)", () =>
    close(lrs({ type: "step", factor: 0.5, every: 2 }, 6), [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]));
  it("time: lr0/(1+decay*e)", () =>
    close(lrs({ type: "time", decay: 0.5 }, 10), range(10).map((e) => lr0 / (1 + 0.5 * e))));
  it("exponential: lr0*rate^e", () =>
    close(lrs({ type: "exponential", rate: 0.9 }, 10), range(10).map((e) => lr0 * 0.9 ** e)));
  it("cosine: min_lr + (lr0-min_lr)(1+cos(pi*min(e,T)/T))/2, held at min_lr after T", () => {
    const f = (e: number) => 0.01 + ((lr0 - 0.01) * (1 + Math.cos((Math.PI * Math.min(e, 8)) / 8))) / 2;
    close(lrs({ type: "cosine", period: 8, min_lr: 0.01 }, 12), range(12).map(f));
    expect(lrs({ type: "cosine", period: 8, min_lr: 0.01 }, 12)[11]).toBeCloseTo(0.01, 12);
  });
  it("cosine: the default period is training.epochs", () => {
    const s = createSchedule(parse({ type: "cosine" }), { lr0, epochs: 4 });
    close([s.lr(0), s.lr(2), s.lr(4)], [lr0, lr0 / 2, 0]);
  });
  it("cosine_restarts: cycles of 2, 4, 8 epochs each restarting at lr0", () => {
    const got = lrs({ type: "cosine_restarts", period: 2, t_mult: 2, min_lr: 0 }, 14);
    const cyc = (e: number, T: number) => (lr0 * (1 + Math.cos((Math.PI * e) / T))) / 2;
    close(got, [cyc(0, 2), cyc(1, 2), ...range(4).map((e) => cyc(e, 4)), ...range(8).map((e) => cyc(e, 8))]);
  });
  it("warmup_epochs w: lr0*(e+1)/(w+1) for e < w, then the schedule from e - w", () => {
    close(lrs({ type: "exponential", rate: 0.5, warmup_epochs: 3 }, 6), [0.025, 0.05, 0.075, 0.1, 0.05, 0.025]);
  });
});

describe("reduce_on_plateau (keras.callbacks.ReduceLROnPlateau semantics)", () => {
  it("multiplies lr by factor after `patience` epochs without improvement, never below min_lr", () => {
    const s = createSchedule(parse({ type: "reduce_on_plateau", factor: 0.5, patience: 2, min_lr: 0.03 }), {
      lr0,
      epochs: 10,
    });
    const vals = [1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.94, 0.95, 0.96];
    const seen: number[] = [];
    vals.forEach((v, e) => {
      seen.push(s.lr(e));
      s.onEpochEnd(e, { val_loss: v });
    });
    // improvements at e=0,1; no improvement at 2,3 -> reduce to 0.05 after e=3; 4,5 -> 0.03 (min_lr) after e=5
    close(seen, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03, 0.03]);
  });
  it("mode auto maximizes accuracy-like keys; cooldown waits before counting again", () => {
    const s = createSchedule(
      parse({ type: "reduce_on_plateau", monitor: "val_accuracy", factor: 0.1, patience: 1, cooldown: 2 }),
      { lr0, epochs: 10 },
    );
    const acc = [0.5, 0.6, 0.55, 0.55, 0.55, 0.55, 0.55];
    const seen: number[] = [];
    acc.forEach((v, e) => {
      seen.push(s.lr(e));
      s.onEpochEnd(e, { val_accuracy: v });
    });
    // e=2 no gain -> 0.01 and cooldown 2; Keras decrements the cooldown before testing it, so e=3 is
    // skipped and e=4 counts again: no gain -> 0.001 from e=5
    close(seen, [0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  });
  it("getState/setState resume the same sequence (state is plain JSON)", () => {
    const cfg = parse({ type: "reduce_on_plateau", factor: 0.5, patience: 1 });
    const a = createSchedule(cfg, { lr0, epochs: 10 });
    [1, 1, 1].forEach((v, e) => a.onEpochEnd(e, { val_loss: v }));
    const b = createSchedule(cfg, { lr0, epochs: 10 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    [1, 1, 1].forEach((v, i) => {
      a.onEpochEnd(3 + i, { val_loss: v });
      b.onEpochEnd(3 + i, { val_loss: v });
      expect(b.lr(4 + i)).toBe(a.lr(4 + i));
    });
    expect(a.lr(6)).toBeLessThan(lr0);
  });
});
