/**
 * Runs work one piece at a time, in arrival order: a conversation's turns and staff actions never
 * interleave. A piece that fails fails only its own caller; the next still runs.
 */
export class TurnQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
