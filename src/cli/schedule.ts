// `mltrain schedule CONFIG [--csv] [--set K=V]...`: the learning rate of every epoch, before any
// training, from the real schedule classes (createSchedule(cfg, {lr0, epochs}).lr(e), e = epoch - 1).
// A terminal chart by default; --csv prints `epoch,lr` rows. reduce_on_plateau depends on the
// monitored values, so only its starting learning rate (after any warm-up) can be drawn.
import type { Command } from "commander";
import { chalkFor } from "./color.js";
import type { CliIo } from "./io.js";
import { collect } from "./options.js";
import { asciiChart } from "./render/chart.js";

export interface ScheduleOptions {
  csv?: boolean;
  set: string[];
  color: boolean;
}

export function registerSchedule(program: Command, io: CliIo): void {
  program
    .command("schedule")
    .description("draw the learning rate of every epoch of a config's schedule (before any training)")
    .argument("<config>", "YAML config file")
    .option("--csv", "print epoch,lr rows instead of a chart")
    .option("--set <path=value>", "override a config key, VALUE parsed as YAML (repeatable)", collect, [])
    .option("--no-color", "no colours, even on a TTY")
    .action(async (file: string, opts: ScheduleOptions) => {
      const { loadConfig } = await import("../config/load.js");
      const { createSchedule } = await import("../engine/index.js");
      const { config } = await loadConfig(file, opts.set, io.cwd);
      const epochs = config.training.epochs;
      const lr0 = config.optimizer.learning_rate;
      const schedule = createSchedule(config.schedule, { lr0, epochs });
      const lrs = Array.from({ length: epochs }, (_, e) => schedule.lr(e));
      const s = config.schedule;
      const plateau = s.type === "reduce_on_plateau"
        ? `reduce_on_plateau depends on the monitored values (${s.monitor}) during training: shown is the starting learning rate, which it lowers by factor ${s.factor} on each plateau`
        : null;
      if (opts.csv) {
        io.stdout.write(["epoch,lr", ...lrs.map((lr, e) => `${e + 1},${lr}`)].join("\n") + "\n");
        if (plateau) io.stderr.write(`note: ${plateau}\n`);
        return;
      }
      const c = chalkFor(io.stdout, opts.color);
      const { type, ...rest } = s;
      const params = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(", ");
      const width = Math.min(Math.max(20, (io.stdout.columns ?? 80) - 14), Math.max(epochs, 20), 100);
      const chart = asciiChart([{ values: lrs, paint: (s) => c.cyan(s) }], { width, height: 10, pick: true });
      const pad = chart[0].indexOf("┤") + 1;
      const cols = Math.min(width, epochs);
      const lines = [
        c.bold(`Learning rate per epoch: ${type}${params ? ` (${params})` : ""}, lr0 ${lr0}, ${epochs} epoch${epochs === 1 ? "" : "s"}`),
        ...chart,
        `${" ".repeat(pad)}1${" ".repeat(Math.max(1, cols - 1 - String(epochs).length))}${epochs}  (epoch)`,
        `first ${lrs[0].toPrecision(4)} · min ${Math.min(...lrs).toPrecision(4)} · max ${Math.max(...lrs).toPrecision(4)} · last ${lrs[lrs.length - 1].toPrecision(4)}${epochs > width ? ` (${epochs} epochs drawn in ${width} columns)` : ""}`,
      ];
      if (plateau) lines.push(c.yellow(`note: ${plateau}`));
      io.stdout.write(lines.join("\n") + "\n");
    });
}
