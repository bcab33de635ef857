// The live epoch bar on a TTY (verbose 1), drawn by cli-progress with the Keras layout of epoch_log.ts.
// Redraws are throttled by cli-progress (fps); the last draw of an epoch stays on screen.
import cliProgress from "cli-progress";
import type { Out } from "../io.js";
import { barLine } from "./epoch_log.js";

export class EpochBar {
  private bar: cliProgress.SingleBar | null = null;
  private text = "";

  constructor(private readonly stream: Out) {}

  start(steps: number): void {
    this.text = barLine(0, steps, 0, 0, "");
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream as NodeJS.WritableStream,
        format: () => this.text,
        hideCursor: false,
        clearOnComplete: false,
        stopOnComplete: false,
        linewrap: false,
        fps: 10,
        noTTYOutput: false,
        barsize: 30,
      },
      cliProgress.Presets.legacy,
    );
    this.bar.start(steps, 0);
  }

  /** A live update: the line as it should read now. */
  update(step: number, line: string): void {
    this.text = line;
    this.bar?.update(step);
  }

  /** The epoch's final line; the bar stops and the line stays. */
  finish(steps: number, line: string): void {
    this.text = line;
    if (!this.bar) return;
    this.bar.update(steps);
    this.bar.render();
    this.bar.stop();
    this.bar = null;
  }
}
