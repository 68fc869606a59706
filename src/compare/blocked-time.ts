import type { SimRecord } from '../streams/kernel/simulation';

/**
 * Per agent, the cycles it was blocked by migrations: the parts of its
 * stalls — stretches with a request outstanding and none completing — that
 * fall inside a migration (from its `migration-begin` to its
 * `migration-end`). An ordinary memory latency during a migration counts
 * too, so a plan that stops nothing still shows a small figure. Fed every
 * event in order; observation only.
 *
 * @example
 * const b = new BlockedTime();
 * runScenario(config, { onEvent: (r) => b.observe(r) });
 * b.perAgent(); // e.g. [2910, 3042]
 */
export class BlockedTime {
  private readonly outstanding: number[] = [];
  private readonly stallStart: number[] = [];
  private readonly blocked: number[] = [];
  /** Migration windows so far: [begin, end] (end null while under way). */
  private readonly windows: Array<[number, number | null]> = [];

  /** Takes one simulation event. @example b.observe(rec) */
  observe(rec: SimRecord): void {
    const e = rec.event;
    switch (e.type) {
      case 'migration-begin':
        this.windows.push([rec.cycle, null]);
        break;
      case 'migration-end': {
        const w = this.windows[this.windows.length - 1];
        if (w !== undefined) w[1] = rec.cycle;
        break;
      }
      case 'request-issued': {
        const n = this.outstanding[e.agent] ?? 0;
        if (n === 0) this.stallStart[e.agent] = rec.cycle;
        this.outstanding[e.agent] = n + 1;
        this.blocked[e.agent] ??= 0;
        break;
      }
      case 'request-completed': {
        const n = this.outstanding[e.agent] ?? 0;
        if (n === 0) break;
        this.blocked[e.agent] =
          (this.blocked[e.agent] ?? 0) + this.overlap(this.stallStart[e.agent], rec.cycle);
        this.stallStart[e.agent] = rec.cycle;
        this.outstanding[e.agent] = n - 1;
        break;
      }
      default:
        break;
    }
  }

  private overlap(a: number, b: number): number {
    let sum = 0;
    for (let i = 0; i < this.windows.length; i++) {
      const [s, e] = this.windows[i];
      const end = e ?? b;
      if (end <= a || s >= b) continue;
      sum += Math.min(end, b) - Math.max(s, a);
    }
    return sum;
  }

  /** Blocked cycles per agent, by agent index. @example b.perAgent()[0] */
  perAgent(): number[] {
    return Array.from(this.blocked, (x) => x ?? 0);
  }
}
