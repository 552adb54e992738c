/** One deadline of a call in flight: `fire` runs once `at` (ms on `performance.now()`) has passed. */
export interface Alarm {
  at: number;
  fire(): void;
  /** The neighbours while pending; kept by `Alarms`, null otherwise. */
  previous?: Alarm | null;
  next?: Alarm | null;
}

/**
 * The deadlines of a host's calls in flight, served by one timer. A setTimeout and a clearTimeout on every call
 * cost more than the rest of a small call's bookkeeping; here a call only adds and removes its alarm, and the
 * timer is re-armed only for an earlier deadline. While no call is in flight the timer is unref'd, so it never
 * keeps a process alive. Times are read from `performance.now()`, never from an injected clock.
 * The pending alarms form a linked list through the alarms themselves: a Set would hash each call's new
 * object, which costs several times more than linking it.
 */
export class Alarms {
  #head: Alarm | null = null;
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Number.POSITIVE_INFINITY;

  add(alarm: Alarm): void {
    if (this.#pending(alarm)) return;
    alarm.previous = null;
    alarm.next = this.#head;
    if (this.#head) this.#head.previous = alarm;
    this.#head = alarm;
    this.#size++;
    if (alarm.at < this.#armedAt) this.#arm(alarm.at);
    else if (this.#size === 1) this.#timer?.ref();
  }

  delete(alarm: Alarm): void {
    if (!this.#pending(alarm)) return;
    this.#unlink(alarm);
    if (this.#size === 0) this.#timer?.unref();
  }

  #pending(alarm: Alarm): boolean {
    return alarm === this.#head || (alarm.previous !== undefined && alarm.previous !== null);
  }

  #unlink(alarm: Alarm): void {
    if (alarm.previous) alarm.previous.next = alarm.next ?? null;
    else this.#head = alarm.next ?? null;
    if (alarm.next) alarm.next.previous = alarm.previous ?? null;
    alarm.previous = null;
    alarm.next = null;
    this.#size--;
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
    const due: Alarm[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (let alarm = this.#head; alarm; alarm = alarm.next ?? null) {
      if (alarm.at <= now) due.push(alarm);
      else next = Math.min(next, alarm.at);
    }
    for (const alarm of due) {
      // An earlier fire() may have removed it already.
      if (!this.#pending(alarm)) continue;
      this.#unlink(alarm);
      alarm.fire();
    }
    // An alarm added by a fire() above has armed the timer itself when it is the earliest.
    if (next < this.#armedAt) this.#arm(next);
    if (this.#size === 0) (this.#timer as ReturnType<typeof setTimeout> | undefined)?.unref();
  }
}
