// renderError in-process: user errors as located lines with their exit code; anything else as an
// internal error with the stack and exit 1.
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../src/cli/color.js";
import { renderError } from "../../src/cli/errors.js";
import { MltrainError } from "../../src/errors.js";

const plain = new Chalk({ level: 0 });
function render(err: unknown): { code: number; text: string } {
  let text = "";
  const code = renderError(err, { write: (s) => (text += s) }, plain);
  return { code, text };
}

describe("renderError", () => {
  it("a located MltrainError: one `file:row:col: path: message` line, exit 2", () => {
    const r = render(new MltrainError("data.parse", 'not a number: "abc"', { file: "d.csv", line: 4, col: 2, path: "sepal_length" }));
    expect(r).toEqual({ code: 2, text: 'd.csv:4:2: sepal_length: not a number: "abc"\n' });
  });
  it("details first, then the message as a summary", () => {
    const r = render(new MltrainError("config.invalid", "invalid config (2 problems)", { file: "c.yaml" }, ["c.yaml:1:1: a: x", "c.yaml:2:1: b: y"]));
    expect(r.text).toBe("c.yaml:1:1: a: x\nc.yaml:2:1: b: y\nmltrain: c.yaml: invalid config (2 problems)\n");
  });
  it("an unlocated MltrainError: `mltrain: message`; run failures exit 1, SIGINT 130", () => {
    expect(render(new MltrainError("train.diverged", "loss became NaN at epoch 3"))).toEqual({ code: 1, text: "mltrain: loss became NaN at epoch 3\n" });
    expect(render(new MltrainError("interrupted", "interrupted")).code).toBe(130);
  });
  it("anything else: internal error with the stack, exit 1", () => {
    const r = render(new TypeError("x is undefined"));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^mltrain: internal error \(please report it with the command you ran\):\nTypeError: x is undefined\n\s+at /);
  });
});

describe("colorEnabled", () => {
  it("follows the TTY, NO_COLOR, FORCE_COLOR and --no-color", () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: "1" } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1" } })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "0" } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: "1" }, flag: false })).toBe(false);
  });
});
