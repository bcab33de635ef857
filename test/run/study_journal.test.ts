// study.jsonl: a torn last line (kill -9 mid-write) is ignored on read and cut off by the next writer;
// a damaged middle line is an error naming its line; epochs are kept once per trial, in order.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JournalWriter, readJournal, type StudyHeader } from "../../src/run/study_journal.js";
import { tmp } from "../e2e/cli.js";

const header: StudyHeader = {
  type: "study", version: 1, name: "iris", config: "s.yaml", metric: "val_loss", mode: "min", sampler: "random",
  pruner: { type: "none" }, seed: 1, trials: 3, parameters: { "training.epochs": { space: "int", low: 1, high: 3 } }, base_sha256: "x",
};

describe("study journal", () => {
  it("ignores a torn last line, and the next writer cuts it off before appending", () => {
    const file = path.join(tmp("journal"), "study.jsonl");
    const w = new JournalWriter(file);
    w.append(header);
    w.append({ type: "asked", trial: 0, params: { "training.epochs": 2 } });
    w.append({ type: "epoch", trial: 0, epoch: 1, metrics: { val_loss: 0.5 } });
    writeFileSync(file, readFileSync(file, "utf8") + '{"type":"epoch","trial":0,"epo');
    const j = readJournal(file, "study.jsonl")!;
    expect(j.byNumber.get(0)).toEqual({ number: 0, params: { "training.epochs": 2 }, epochs: [{ val_loss: 0.5 }], end: null });
    const w2 = new JournalWriter(file);
    w2.append({ type: "epoch", trial: 0, epoch: 1, metrics: { val_loss: 0.5 } }); // a restarted trial's repeat is ignored
    w2.append({ type: "epoch", trial: 0, epoch: 2, metrics: { val_loss: 0.4 } });
    w2.append({ type: "complete", trial: 0, value: 0.4, epochs: 2, seconds: 1 });
    expect(readFileSync(file, "utf8").split("\n").map((l) => l.slice(0, 20))).toEqual([
      '{"type":"study","ver', '{"type":"asked","tri', '{"type":"epoch","tri', '{"type":"epoch","tri', '{"type":"epoch","tri', '{"type":"complete","', "",
    ]);
    const again = readJournal(file, "study.jsonl")!;
    expect(again.byNumber.get(0)!.epochs).toEqual([{ val_loss: 0.5 }, { val_loss: 0.4 }]);
    expect(again.byNumber.get(0)!.end).toEqual({ type: "complete", trial: 0, value: 0.4, epochs: 2, seconds: 1 });
  });

  it("a damaged line that is not the last is an error naming the file and line", () => {
    const file = path.join(tmp("journal"), "study.jsonl");
    writeFileSync(file, JSON.stringify(header) + "\n{oops\n" + '{"type":"resume","trials":4}\n');
    expect(() => readJournal(file, "runs/s/study.jsonl")).toThrowErrorMatchingInlineSnapshot(`[MltrainError: line 2 of the study journal is not JSON; the journal was edited or damaged (move the study folder aside to start a new study)]`);
  });
});
