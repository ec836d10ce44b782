/**
 * What this instance has lately seen sending a reset email take. A request for an address the brand's
 * directory does not know sends nothing, so on its own it would answer faster than one that sends;
 * waiting for a latency drawn from these samples makes both paths take alike (RESET.md: timing must
 * not tell a customer from a stranger).
 */
export class SendLatencySampler {
  private readonly samples: number[] = [];
  private next = 0;

  /**
   * @param capacity how many recent sends to remember (a ring buffer: old conditions age out)
   * @param fallbackMs what to wait before this instance has sent anything
   */
  constructor(
    private readonly capacity = 64,
    private readonly fallbackMs = 40,
  ) {}

  record(milliseconds: number): void {
    this.samples[this.next] = milliseconds;
    this.next = (this.next + 1) % this.capacity;
  }

  /** One recorded latency, chosen at random, so the waits follow the sends' distribution. */
  sample(random: () => number = Math.random): number {
    if (this.samples.length === 0) return this.fallbackMs;
    return this.samples[Math.floor(random() * this.samples.length)]!;
  }
}

/** The wait itself, injectable so tests need not sleep. */
export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));
