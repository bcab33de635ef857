// `mltrain fit` end to end: bin/mltrain.js spawned as a child process on the shipped datasets, run folders
// in a temp dir. Needs dist/ (`npm test` builds first; alone: npm run build && npx vitest run test/e2e).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, mltrain as run, mltrainInterrupted, plainEnv as env, root, tmp as tmpDir } from "./cli.js";

const iris = path.join(root, "configs", "iris.yaml");
const digits = path.join(root, "configs", "digits.yaml");
const tmp = () => tmpDir("fit");
const mltrain = (args: string[], cwd = tmp()) => ({ ...run(args, cwd), cwd });

/** Timings vary: `0s`, `2ms/step` and the seconds column are masked. */
const mask = (s: string) => s.replace(/ - \d+s/g, " - Xs").replace(/ \d+(ms|us|s)\/step/g, " X/step");
const noSeconds = (csv: string) => {
  const [head, ...rows] = csv.trimEnd().split("\n");
  const i = head.split(",").indexOf("seconds");
  return [head, ...rows].map((r) => r.split(",").filter((_, j) => j !== i).join(",")).join("\n");
};

describe("mltrain fit on a pipe", () => {
  it("prints Keras one-line epochs (no \\r, no colour), the best epoch, the test metrics and the paths; exit 0", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=3", "-o", "run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\r|\x1b/);
    const lines = mask(r.stdout).split("\n");
    expect(lines.slice(0, 6).map((l) => l.replace(/\d\.\d{4}/g, "N"))).toEqual([
      "Epoch 1/3",
      "7/7 - Xs - loss: N - accuracy: N - val_loss: N - val_accuracy: N - lr: N",
      "Epoch 2/3",
      "7/7 - Xs - loss: N - accuracy: N - val_loss: N - val_accuracy: N - lr: N",
      "Epoch 3/3",
      "7/7 - Xs - loss: N - accuracy: N - val_loss: N - val_accuracy: N - lr: N",
    ]);
    expect(lines[1]).toMatch(/ - lr: 0\.0100$/);
    expect(lines[6]).toMatch(/^Best: epoch [123] \(val_loss: \d\.\d{4}\)(; the model has the weights of the last epoch \(3\))?$/);
    expect(lines[7]).toMatch(/^Test \(21 rows\): loss \(log_loss\): \d\.\d{4} - accuracy: \d\.\d{4}$/);
    expect(lines.slice(8, 14)).toEqual(["Wrote:", ...["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"].map((f) => `  run/${f}`)]);
  });

  it("writes the run folder: model.json, metrics.json, history.csv, config.yaml, checkpoint.json and nothing else", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=4", "-o", "out"]);
    expect(r.code).toBe(0);
    const dir = path.join(r.cwd, "out");
    expect(readdirSync(dir).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json", "model.json"]);
    const model = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8"));
    expect(model).toMatchObject({ format: "mltrain-model", version: 1, name: "iris", task: "multiclass", output: { target: ["species"], classes: ["setosa", "versicolor", "virginica"] } });
    expect(model.input.features).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    expect(model.input.shape).toEqual([4]); // a CSV row's shape: [features]
    expect(model.layers[0].weights.kernel).toHaveLength(4);
    const report = JSON.parse(readFileSync(path.join(dir, "metrics.json"), "utf8"));
    expect(Object.keys(report)).toEqual(["format", "version", "name", "task", "created", "mltrain_version", "status", "config", "data", "model", "training", "history", "evaluation", "predictions"]);
    expect(report.format).toBe("mltrain-report");
    expect(report.data.rows).toEqual({ train: 105, validation: 24, test: 21 });
    expect(report.training).toMatchObject({ epochs_run: 4, stopped_early: false });
    expect(report.evaluation.test).toHaveProperty("confusion_matrix");
    const history = readFileSync(path.join(dir, "history.csv"), "utf8").split("\n");
    expect(history[0]).toBe("epoch,lr,loss,accuracy,val_loss,val_accuracy,seconds,grad_norm_dense,grad_norm_dense_1");
    expect(history).toHaveLength(4 + 2); // header, 4 epochs, final newline
    expect(readFileSync(path.join(dir, "config.yaml"), "utf8")).toMatch(/^ {2}task: multiclass$/m);
  });

  it("is deterministic: the same config and seed give byte-identical model.json and history (but the seconds)", () => {
    const cwd = tmp();
    for (const o of ["a", "b"]) expect(mltrain(["fit", digits, "--set", "training.epochs=3", "-o", o], cwd).code).toBe(0);
    const read = (o: string, f: string) => readFileSync(path.join(cwd, o, f), "utf8");
    expect(read("a", "model.json")).toBe(read("b", "model.json"));
    expect(noSeconds(read("a", "history.csv"))).toBe(noSeconds(read("b", "history.csv")));
    expect(mltrain(["fit", digits, "--set", "training.epochs=3", "--seed", "7", "-o", "c"], cwd).code).toBe(0);
    expect(read("c", "model.json")).not.toBe(read("a", "model.json"));
  });

  it("configs/iris.yaml reaches at least 0.93 test accuracy", () => {
    const r = mltrain(["fit", iris, "-o", "iris"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(r.cwd, "iris", "metrics.json"), "utf8"));
    expect(report.evaluation.test.accuracy).toBeGreaterThanOrEqual(0.93);
  });

  it("prints Restart k/N above each restart's epochs and lists every restart in the report", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=2", "--set", "training.restarts=3", "-o", "r"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => /^(Restart|Epoch)/.test(l))).toEqual([
      "Restart 1/3", "Epoch 1/2", "Epoch 2/2", "Restart 2/3", "Epoch 1/2", "Epoch 2/2", "Restart 3/3", "Epoch 1/2", "Epoch 2/2",
    ]);
    expect(r.stdout).toMatch(/^Best: restart [123]\/3, epoch [12] \(val_loss: \d\.\d{4}\)(; the model has the weights of the last epoch \(2\))?$/m);
    const report = JSON.parse(readFileSync(path.join(r.cwd, "r", "metrics.json"), "utf8"));
    expect(report.training.restarts.map((x: { restart: number }) => x.restart)).toEqual([1, 2, 3]);
    expect(report.training.restarts.filter((x: { kept: boolean }) => x.kept)).toHaveLength(1);
  });

  it("stops early and says so", () => {
    const r = mltrain(["fit", iris, "--set", "training.early_stopping={monitor: val_loss, patience: 2, min_delta: 10}", "-o", "e"]);
    expect(r.code).toBe(0);
    // min_delta 10 makes every epoch after the first a non-improvement: stop after epoch 3.
    expect(r.stdout).toMatch(/^Stopped early after epoch 3$/m);
    expect(r.stdout).toMatch(/^Best: epoch 1 /m);
  });
});

describe("mltrain fit --verbose 0", () => {
  it("prints nothing on success and still writes the run folder", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=2", "--verbose", "0", "-o", "q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(path.join(r.cwd, "q"))).toContain("model.json");
  });
});

describe("mltrain fit --json", () => {
  it("stdout is one JSON object per line (epoch_end..., restart_end, done) with the logged numbers; text goes to stderr", () => {
    const r = mltrain(["fit", iris, "--set", "training.epochs=2", "--json", "-o", "j"]);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(["epoch_end", "epoch_end", "restart_end", "done"]);
    expect(events[0]).toMatchObject({ epoch: 1, epochs: 2, lr: 0.01 });
    const line = r.stderr.split("\n").find((l) => l.startsWith("7/7"))!;
    expect(line).toContain(`loss: ${events[0].loss.toFixed(4)} - accuracy: ${events[0].accuracy.toFixed(4)}`);
    expect(events[3]).toMatchObject({ status: "completed", best_epoch: expect.any(Number), test: { accuracy: expect.any(Number) } });
  });
});

describe("restarts in the events, metrics.json and the log", () => {
  it("restart_end says best_so_far (beats every earlier restart); metrics.json's kept marks only the restart model.json has", () => {
    // seed 4: restart 1 is the best so far, restart 2 beats it and is kept, restart 3 is worse
    const args = ["fit", iris, "--set", "training.epochs=2", "--set", "training.restarts=3", "--seed", "4", "-o", "r"];
    const r = mltrain([...args, "--json"]);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    const ends = events.filter((e) => e.event === "restart_end");
    expect(ends.every((e) => e.kept_epoch === e.best_epoch)).toBe(true); // so best_value is what restarts compare
    const values: number[] = ends.map((e) => e.best_value);
    const best = values.indexOf(Math.min(...values)) + 1;
    const runningBest = values.map((v, i) => values.slice(0, i).every((w) => v < w));
    expect(ends.map((e) => e.best_so_far)).toEqual(runningBest);
    expect(runningBest.filter(Boolean).length).toBeGreaterThan(1); // an earlier best so far that is not kept
    expect(ends.some((e) => "kept" in e)).toBe(false);
    const report = JSON.parse(readFileSync(path.join(r.cwd, "r", "metrics.json"), "utf8"));
    expect(report.training.restarts.map((x: { kept: boolean }) => x.kept)).toEqual([1, 2, 3].map((i) => i === best));
    expect(events.at(-1)).toMatchObject({ event: "done", best_restart: best });
    expect(r.stderr).toMatch(new RegExp(`^Best: restart ${best}/3, epoch `, "m"));
  });
});

describe("one evaluation loss (breast_cancer.yaml has l2: 0.001)", () => {
  it("fit's Test line, the done event's test.loss and metrics.json's evaluation.test.loss are the same figure: log_loss without the penalty", () => {
    const r = mltrain(["fit", path.join(root, "configs", "breast_cancer.yaml"), "--json", "-o", "bc"]);
    expect(r.code).toBe(0);
    const done = JSON.parse(r.stdout.trimEnd().split("\n").at(-1)!);
    const report = JSON.parse(readFileSync(path.join(r.cwd, "bc", "metrics.json"), "utf8"));
    const test = report.evaluation.test;
    const printed = /^Test \(85 rows\): loss \(log_loss\): (\d\.\d{4}) - /m.exec(r.stderr)![1];
    expect(printed).toBe(test.loss.toFixed(4));
    expect(done.event).toBe("done");
    expect(done.test.loss).toBe(test.loss);
    expect(test.loss).toBe(test.log_loss);
    // The history's val_loss is the training objective: the evaluation's loss plus l2 * sum(W²) of the
    // kernels that have l2, here computed from model.json's weights (the best epoch's, restore_best).
    const model = JSON.parse(readFileSync(path.join(r.cwd, "bc", "model.json"), "utf8"));
    let penalty = 0;
    for (const layer of model.layers) for (const row of layer.l2 ? layer.weights.kernel : []) for (const w of row) penalty += layer.l2 * w * w;
    expect(penalty).toBeGreaterThan(0.01); // large enough that leaving it out or in shows in 4 decimals
    const best = report.history[report.training.best_epoch - 1];
    expect(Math.abs(best.val_loss - (report.evaluation.validation.loss + penalty))).toBeLessThan(1e-5); // float32 forward pass vs float64 log_loss
  });
});

describe("mltrain fit under a pseudo-terminal", () => {
  it("draws the live Keras bar `7/7 [==============================] - 0s Xms/step - loss: ...` (verbose 1)", () => {
    const cwd = tmp();
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} fit ${JSON.stringify(iris)} --set training.epochs=2 -o tty`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd, env: env({ TERM: "xterm" }), encoding: "utf8" });
    expect(r.status).toBe(0);
    const text = r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, "");
    expect(mask(text)).toMatch(/7\/7 \[={30}\] - Xs X\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}/);
    expect(text).toMatch(/0\/7 \[\.{30}\]/); // the bar was drawn before the first batch, then redrawn in place
    expect(text).not.toMatch(/ - lr: /);
  });

  it("colours the terminal output, and `fit ... --no-color` (after the command name) turns every colour off", () => {
    const run = (extra: string) => {
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} fit ${JSON.stringify(iris)} --set training.epochs=3 -o tty ${extra}`;
      return spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: tmp(), env: env({ TERM: "xterm" }), encoding: "utf8" });
    };
    const colour = /\x1b\[3\dm/; // SGR foreground colours (the bar's cursor codes are not colours)
    const coloured = run("");
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toMatch(colour);
    const plain = run("--no-color");
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toMatch(colour);
  });
});

describe("exit codes", () => {
  it("1 when the loss diverges (sgd, lr 1e6): names the epoch, suggests a lower learning rate, keeps a partial report in d.partial/, writes no model.json", () => {
    const r = mltrain(["fit", iris, "--set", "optimizer={type: sgd, learning_rate: 1.0e+6}", "--set", "model.layers.0.activation=relu", "-o", "d"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the loss became (NaN|Infinity|-Infinity) at epoch 1 \(batch \d+\): training diverged; try a lower learning rate/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(r.cwd)).toEqual(["d.partial"]);
    const dir = path.join(r.cwd, "d.partial");
    expect(readdirSync(dir).sort()).toEqual(["checkpoint.json", "config.yaml", "history.csv", "metrics.json"]);
    expect(JSON.parse(readFileSync(path.join(dir, "metrics.json"), "utf8")).status).toBe("diverged");
  });

  it("2 on a bad config: file:line:col message, no stack, an existing run folder untouched", () => {
    const cwd = tmp();
    const cfg = path.join(cwd, "bad.yaml");
    writeFileSync(cfg, readFileSync(iris, "utf8").replace("learning_rate: 0.01", 'learning_rate: "fast"').replace("../datasets", path.join(root, "datasets")));
    const out = path.join(cwd, "run");
    expect(mltrain(["fit", iris, "--set", "training.epochs=1", "-o", out], cwd).code).toBe(0);
    const before = readFileSync(path.join(out, "model.json"), "utf8");
    const r = mltrain(["fit", cfg, "-o", out], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: optimizer\.learning_rate: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(out, "model.json"), "utf8")).toBe(before);
  });

  it("130 on SIGINT after a checkpoint and a partial report; --resume then ends with the same model.json as an uninterrupted run", async () => {
    const cwd = tmp();
    const args = ["fit", digits, "--set", "training.epochs=12", "--set", "training.early_stopping=null"];
    const { code, stdout: out, stderr: err } = await mltrainInterrupted([...args, "-o", "cut"], cwd, "Epoch 3/");
    if (code !== 130) console.log(JSON.stringify({ code, out, err }));
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted: checkpoint \(epoch \d+\) and a partial report written to cut\.partial; continue with: mltrain fit .* --resume cut\.partial\/checkpoint\.json/);
    expect(readdirSync(cwd)).toEqual(["cut.partial"]);
    const cut = path.join(cwd, "cut.partial");
    expect(existsSync(path.join(cut, "model.json"))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(cut, "metrics.json"), "utf8")).status).toBe("interrupted");
    const epochsDone = JSON.parse(readFileSync(path.join(cut, "checkpoint.json"), "utf8")).epoch;
    expect(epochsDone).toBeLessThan(12);

    const resumed = mltrain([...args, "-o", "cut", "--resume", "cut.partial/checkpoint.json"], cwd);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.split("\n")[0]).toBe(`Epoch ${epochsDone + 1}/12`);
    expect(mltrain([...args, "-o", "full"], cwd).code).toBe(0);
    const read = (o: string, f: string) => readFileSync(path.join(cwd, o, f), "utf8");
    expect(read("cut", "model.json")).toBe(read("full", "model.json"));
    expect(noSeconds(read("cut", "history.csv"))).toBe(noSeconds(read("full", "history.csv")));
  });
});

describe("the resume command printed after Ctrl-C", () => {
  it("repeats -o and every --set / --seed (shell-quoted), so running it as printed resumes into the same folder", async () => {
    const cwd = tmp();
    const args = ["fit", iris, "--set", "training.epochs=400", "--set", "optimizer={type: adam, learning_rate: 0.01}", "--seed", "7", "-o", "my run"];
    const { code, stderr: err } = await mltrainInterrupted(args, cwd, "Epoch 3/");
    expect(code).toBe(130);
    const hint = /continue with: mltrain (fit .*)$/m.exec(err)?.[1];
    expect(hint).toBeDefined();
    const epochsDone = JSON.parse(readFileSync(path.join(cwd, "my run.partial", "checkpoint.json"), "utf8")).epoch;
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" ${hint}`], { cwd, env: env(), encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`Epoch ${epochsDone + 1}/400`);
    expect(existsSync(path.join(cwd, "my run", "model.json"))).toBe(true);
    expect(readdirSync(cwd)).toEqual(["my run"]);
  });
});

describe("mltrain fit --dry-run and mltrain summary", () => {
  it("--dry-run prints the summary and the rows per split, writes nothing, exits 0", () => {
    const r = mltrain(["fit", iris, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(" dense (Dense)               (None, 16)                80");
    expect(r.stdout).toContain("Rows: train 105, validation 24, test 21");
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it("--dry-run hits the errors a real run would (a config that does not fit the data: exit 2)", () => {
    const r = mltrain(["fit", iris, "--dry-run", "--set", "model.layers.1.units=5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set model.layers.1.units=5: model.layers[1].units: the last dense layer has 5 units but the data has 3 classes");
  });

  it("summary of a config takes the input width from the data; of a model.json from its features", () => {
    const r = mltrain(["summary", iris]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Model: "iris"',
        "_".repeat(65),
        " Layer (type)                Output Shape              Param #",
        "=".repeat(65),
        " input (Input)               (None, 4)                 0",
        " dense (Dense)               (None, 16)                80",
        " dense_1 (Dense)             (None, 3)                 51",
        "=".repeat(65),
        "Total params: 131",
        "Trainable params: 131",
        "Non-trainable params: 0",
        "_".repeat(65),
        "",
      ].join("\n"),
    );
    expect(mltrain(["fit", iris, "--set", "training.epochs=1", "-o", "m"], r.cwd).code).toBe(0);
    const m = mltrain(["summary", path.join(r.cwd, "m", "model.json")]);
    expect(m.code).toBe(0);
    expect(m.stdout).toBe(r.stdout);
  });
});
