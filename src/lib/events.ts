// Events: what a training run gives its caller. A run is an async iterable of its events (the ones the
// CLI renders as Epoch lines and --json objects) and a promise of its outcome:
//
//   const run = model.fit(data, options);
//   for await (const ev of run) if (ev.type === "epoch_end") console.log(ev.epoch, ev.logs.loss);
//   const outcome = await run.result;        // or only this: the run goes on without a listener
//
// It is iterated once. Leaving the loop early (break, a throw) ends the run where it is (its backend
// and run folder are let go, as on an error) and `result` rejects; to stop a run and keep what it did,
// pass an AbortSignal (`signal`): it ends after the current batch with status "interrupted".
import { MltrainError } from "../errors.js";

/** A run: an async iterable of its events (iterated once) and `result`, the promise of its outcome. */
export class Events<E, R> implements AsyncIterable<E> {
  /** Settles when the run ends: its outcome, or the error that ended it. */
  readonly #result: Promise<R>;
  #resolve!: (r: R) => void;
  #reject!: (e: unknown) => void;
  #started = false;
  readonly #gen: AsyncGenerator<E, R, void>;

  constructor(gen: AsyncGenerator<E, R, void>) {
    this.#gen = gen;
    this.#result = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#result.catch(() => {}); // a caller that only iterates sees the error there: not an unhandled rejection
  }

  /** The run's outcome; awaiting it without iterating runs it to the end. */
  get result(): Promise<R> {
    if (!this.#started) this.#drain().catch(() => {}); // the error is the result's
    return this.#result;
  }

  async #drain(): Promise<void> {
    for await (const _ of this) void _;
  }

  [Symbol.asyncIterator](): AsyncIterator<E> {
    if (this.#started) throw new MltrainError("usage", "a run's events can be iterated once (its `result` is the outcome)");
    this.#started = true;
    const gen = this.#gen;
    let finished = false;
    const end = (step: IteratorResult<E, R>): IteratorResult<E, undefined> => {
      if (!step.done) return { done: false, value: step.value };
      finished = true;
      this.#resolve(step.value);
      return { done: true, value: undefined };
    };
    return {
      next: async () => {
        try {
          return end(await gen.next());
        } catch (e) {
          finished = true;
          this.#reject(e);
          throw e;
        }
      },
      return: async () => {
        if (!finished) {
          finished = true;
          await gen.return(undefined as never);
          this.#reject(new MltrainError("interrupted", "the run was left before its end (the loop over its events stopped); pass `signal` to stop it and keep its checkpoint"));
        }
        return { done: true, value: undefined };
      },
    };
  }
}
