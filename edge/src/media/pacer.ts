import { PacingScheduler } from "@ringflow/media";

// The process's one pacing timer: the media package's scheduler holds every stream's deadline
// grid; this adapter arms a single timer at the next deadline (no timer per stream) and runs
// the scheduler on the monotonic clock. Idle (no stream) it arms nothing.

export class Pacer {
  readonly scheduler: PacingScheduler;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(readonly now: () => number = () => performance.now()) {
    this.scheduler = new PacingScheduler(now());
  }

  /** Call after adding a stream: the timer is armed if it was idle or due later. */
  wake(): void {
    if (this.stopped) return;
    const d = this.scheduler.nextDeadline();
    if (d >= this.armedFor) return;
    this.arm(d);
  }

  private arm(deadline: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = deadline;
    if (deadline === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(this.fire, Math.max(0, deadline - this.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    this.scheduler.tick(this.now());
    this.arm(this.scheduler.nextDeadline());
  };

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
