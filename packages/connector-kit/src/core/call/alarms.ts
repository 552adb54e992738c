/** One deadline of a call in flight: `fire` runs once `at` (ms on `performance.now()`) has passed. */
export interface Alarm {
  at: number;
  fire(): void;
}

/**
 * The deadlines of a host's calls in flight, served by one timer. A setTimeout and a clearTimeout on every call
 * cost more than the rest of a small call's bookkeeping; here a call only adds and removes its alarm, and the
 * timer is re-armed only for an earlier deadline. While no call is in flight the timer is unref'd, so it never
 * keeps a process alive. Times are read from `performance.now()`, never from an injected clock.
 */
export class Alarms {
  readonly #pending = new Set<Alarm>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Number.POSITIVE_INFINITY;

  add(alarm: Alarm): void {
    this.#pending.add(alarm);
    if (alarm.at < this.#armedAt) this.#arm(alarm.at);
    else if (this.#pending.size === 1) this.#timer?.ref();
  }

  delete(alarm: Alarm): void {
    this.#pending.delete(alarm);
    if (this.#pending.size === 0) this.#timer?.unref();
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#armedAt = at;
    this.#timer = setTimeout(() => this.#ring(), Math.max(0, Math.ceil(at - performance.now())));
  }

  #ring(): void {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const alarm of [...this.#pending]) {
      if (alarm.at <= now) {
        this.#pending.delete(alarm);
        alarm.fire();
      } else next = Math.min(next, alarm.at);
    }
    // An alarm added by a fire() above has armed the timer itself when it is the earliest.
    if (next < this.#armedAt) this.#arm(next);
    if (this.#pending.size === 0) (this.#timer as ReturnType<typeof setTimeout> | undefined)?.unref();
  }
}
