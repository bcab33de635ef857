// The predictions CSV as a pure function: number text, quoting, and the column layout per task.
import { describe, expect, it } from "vitest";
import { csvField, float32Text, predictionsCsv } from "../../src/report/predictions_csv.js";
import { Rng } from "../../src/engine/random.js";

describe("float32Text", () => {
  it("reads back as exactly the same float32 for 100000 seeded values over 1e-30..1e30 (both signs), in at most 9 digits", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 100_000; i++) {
      const f = Math.fround((rng.uniform() < 0.5 ? -1 : 1) * 10 ** (rng.uniform() * 60 - 30));
      const s = float32Text(f);
      expect(Math.fround(Number(s))).toBe(f);
      expect(s.replace(/e.*$/, "").replace(/^[-0.]*|\./g, "").replace(/0+$/, "").length).toBeLessThanOrEqual(9); // significant digits
    }
  });

  it("is the short decimal, not the double's expansion", () => {
    expect(float32Text(Math.fround(0.1))).toBe("0.1"); // the double is 0.10000000149011612
    expect(float32Text(Math.fround(1 / 3))).toBe("0.33333334"); // 8 digits needed
    expect(float32Text(0.5)).toBe("0.5");
    expect(float32Text(0)).toBe("0");
    expect(float32Text(1)).toBe("1");
    expect(float32Text(Math.fround(123.456))).toBe("123.456");
    expect(float32Text(Math.fround(1e-7))).toBe("1e-7");
  });

  it("is the shortest decimal for subnormal float32s too (fewer than 6 digits can round-trip there), exact match", () => {
    expect(float32Text(1e-45)).toBe("1e-45"); // the smallest subnormal; was 1.4013e-45
    expect(float32Text(Math.fround(-2.6392e-40))).toBe("-2.6392e-40");
    expect(Math.fround(Number(float32Text(1e-45)))).toBe(Math.fround(1e-45));
  });
});

describe("csvField", () => {
  it("quotes fields with a comma, a quote, a line break or outer spaces, doubling quotes; leaves others as they are", () => {
    expect(csvField("setosa")).toBe("setosa");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("")).toBe("");
  });
});

describe("predictionsCsv", () => {
  const base = { rowIds: Int32Array.from([1, 3]), keepNames: [] as string[], keep: [[], []] as string[][], rows: 2 };

  it("binary: p_<negative> = 1 - p, p_<positive> = p; the positive label only when p > 0.5 (0.5 itself is negative)", () => {
    const csv = predictionsCsv({ ...base, task: "binary", labels: ["no", "yes"], output: Float32Array.from([0.75, 0.5]) });
    expect(csv).toBe("row,prediction,p_no,p_yes\n1,yes,0.25,0.75\n3,no,0.5,0.5\n");
  });

  it("multiclass: the first maximum wins a tie (as numpy's argmax and the metrics)", () => {
    const csv = predictionsCsv({ ...base, task: "multiclass", labels: ["a", "b", "c"], output: Float32Array.from([0.25, 0.5, 0.25, 0.4, 0.2, 0.4]) });
    expect(csv).toBe("row,prediction,p_a,p_b,p_c\n1,b,0.25,0.5,0.25\n3,a,0.4,0.2,0.4\n");
  });

  it("multilabel: 0/1 per label (p > 0.5), then the probabilities; kept columns first", () => {
    const csv = predictionsCsv({
      ...base,
      task: "multilabel",
      labels: ["x", "y"],
      output: Float32Array.from([0.9, 0.5, 0.1, 0.6]),
      keepNames: ["id"],
      keep: [["a,1"], ["b"]],
    });
    expect(csv).toBe('id,row,prediction_x,prediction_y,p_x,p_y\n"a,1",1,1,0,0.9,0.5\nb,3,0,1,0.1,0.6\n');
  });

  it("regression: `prediction` for one target, prediction_<target> for several", () => {
    expect(predictionsCsv({ ...base, task: "regression", labels: ["y"], output: Float32Array.from([1.5, -2]) })).toBe("row,prediction\n1,1.5\n3,-2\n");
    expect(predictionsCsv({ ...base, task: "regression", labels: ["u", "v"], output: Float32Array.from([1, 2, 3, 4]) })).toBe(
      "row,prediction_u,prediction_v\n1,1,2\n3,3,4\n",
    );
  });

  it("refuses a kept column whose name is an output column (usage error naming it)", () => {
    expect(() =>
      predictionsCsv({ ...base, task: "regression", labels: ["y"], output: Float32Array.from([1, 2]), keepNames: ["row"], keep: [["1"], ["2"]] }),
    ).toThrowErrorMatchingInlineSnapshot(`[MltrainError: --keep row: the output already has a column named "row"; keep another column]`);
  });
});
