// ECS task scale-in protection, through the ECS agent's endpoint
// (`PUT $ECS_AGENT_URI/task-protection/v1/state`): while the edge holds calls, its task is
// protected, so a scale-in picks an idle task instead of cutting calls that outlive the
// 120 s stopTimeout. Protection expires on its own (ExpiresInMinutes), so the edge renews it
// while busy, and releases it once idle for a while (not at every 1 -> 0, which would flap).

export interface ProtectionClock {
  now(): number;
}

export type ProtectionPut = (body: {
  ProtectionEnabled: boolean;
  ExpiresInMinutes?: number;
}) => Promise<void>;

export interface TaskProtectionOptions {
  put: ProtectionPut;
  clock: ProtectionClock;
  /** How long each protection lasts (ECS allows up to 2,880 minutes). */
  expiresInMinutes?: number;
  /** Renew when less than this is left. */
  renewBeforeMs?: number;
  /** Release after this long with no calls. */
  idleReleaseMs?: number;
}

export class TaskProtection {
  private protectedUntil = 0;
  private idleSince: number | undefined;
  private busy: Promise<void> | undefined;
  private readonly expiresMin: number;
  private readonly renewBeforeMs: number;
  private readonly idleReleaseMs: number;
  /** The last failure, for the logs (a failed call is retried on the next update). */
  lastError: unknown;

  constructor(private readonly o: TaskProtectionOptions) {
    this.expiresMin = o.expiresInMinutes ?? 60;
    this.renewBeforeMs = o.renewBeforeMs ?? 20 * 60_000;
    this.idleReleaseMs = o.idleReleaseMs ?? 60_000;
  }

  get isProtected(): boolean {
    return this.protectedUntil > this.o.clock.now();
  }

  /** Called with the calls in progress (every few seconds and when it changes). */
  update(activeCalls: number): Promise<void> {
    if (this.busy) return this.busy; // one agent call at a time
    const now = this.o.clock.now();
    let body: Parameters<ProtectionPut>[0] | undefined;
    if (activeCalls > 0) {
      this.idleSince = undefined;
      if (this.protectedUntil - now < this.renewBeforeMs)
        body = { ProtectionEnabled: true, ExpiresInMinutes: this.expiresMin };
    } else if (this.protectedUntil > now) {
      this.idleSince ??= now;
      if (now - this.idleSince >= this.idleReleaseMs) body = { ProtectionEnabled: false };
    }
    if (!body) return Promise.resolve();
    const b = body;
    this.busy = this.o
      .put(b)
      .then(() => {
        this.protectedUntil = b.ProtectionEnabled ? now + this.expiresMin * 60_000 : 0;
        if (!b.ProtectionEnabled) this.idleSince = undefined;
      })
      .catch((err) => {
        this.lastError = err;
      })
      .finally(() => {
        this.busy = undefined;
      });
    return this.busy;
  }

  /** On shutdown: release at once (the task is going anyway; ECS need not wait for expiry). */
  async release(): Promise<void> {
    await this.busy;
    if (this.protectedUntil === 0) return;
    await this.o.put({ ProtectionEnabled: false }).catch((err) => {
      this.lastError = err;
    });
    this.protectedUntil = 0;
  }
}

/** The ECS agent's endpoint (`$ECS_AGENT_URI`, set by ECS in every task). */
export function agentProtectionPut(agentUri: string): ProtectionPut {
  return async (body) => {
    const res = await fetch(`${agentUri}/task-protection/v1/state`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`task protection: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  };
}
