import type { RunStats } from './run-stats';

/** One cell of a statistics table: text, a number, or null (nothing to show). */
export type StatsCell = string | number | null;

/** A statistics table's column headers and rows, for any rendering (text or HTML). */
export interface StatsRows {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly StatsCell[])[];
}

/** A share (0–1) as a percentage with one decimal, or null. @example shareText(0.4783) === '47.8%' */
export function shareText(r: number | null): string | null {
  return r === null ? null : `${(r * 100).toFixed(1)}%`;
}

/**
 * The devices table: workload accesses to pages on each device, local and
 * remote, and the local share.
 *
 * @example
 * const { headers, rows } = deviceRows(result.stats);
 */
export function deviceRows(s: RunStats): StatsRows {
  return {
    headers: ['device', 'accesses', 'local', 'remote', 'local share'],
    rows: s.devices.map((d) => [
      d.device,
      d.accesses,
      d.local,
      d.remote,
      shareText(d.accesses > 0 ? d.localShare : null),
    ]),
  };
}

/**
 * The migration phases table: per phase, how many ran and their mean, max
 * and total cycles.
 *
 * @example
 * const { rows } = phaseRows(result.stats);
 */
export function phaseRows(s: RunStats): StatsRows {
  return {
    headers: ['phase', 'count', 'mean', 'max', 'total'],
    rows: s.phases.map((p) => [p.name, p.count, p.mean, p.max, p.total]),
  };
}

/**
 * The migrations table (the first `max` migrations): page, devices, start,
 * end, duration and each phase's duration in cycles.
 *
 * @example
 * const { rows } = migrationRows(result.stats, 20);
 */
export function migrationRows(s: RunStats, max: number): StatsRows {
  const names = s.phases.map((p) => p.name);
  return {
    headers: ['#', 'page', 'from → to', 'start', 'end', 'duration', ...names],
    rows: s.migrations
      .slice(0, max)
      .map((m) => [
        m.number,
        m.page,
        `${m.fromDevice} → ${m.toDevice}`,
        m.start,
        m.end,
        m.duration,
        ...names.map((n) => m.phases.find((p) => p.name === n)?.duration ?? null),
      ]),
  };
}

/**
 * The agents table: home device, reads and writes, latency summary (with
 * `splitLatency`, also the read and write p99), local and remote accesses,
 * local share and sweep reads.
 *
 * @example
 * const { headers, rows } = agentRows(result.stats, { splitLatency: true });
 */
export function agentRows(s: RunStats, opts: { splitLatency?: boolean } = {}): StatsRows {
  const split = opts.splitLatency === true;
  return {
    headers: [
      'agent',
      'home device',
      'reads',
      'writes',
      'mean',
      'p50',
      'p99',
      'max',
      ...(split ? ['read p99', 'write p99'] : []),
      'local',
      'remote',
      'local share',
      'sweep reads',
    ],
    rows: s.agents.map((a) => [
      a.agent,
      a.homeDevice,
      a.reads,
      a.writes,
      a.latency.mean,
      a.latency.p50,
      a.latency.p99,
      a.latency.max,
      ...(split ? [a.readLatency.p99, a.writeLatency.p99] : []),
      a.localAccesses,
      a.remoteAccesses,
      shareText(
        a.localAccesses + a.remoteAccesses > 0
          ? a.localAccesses / (a.localAccesses + a.remoteAccesses)
          : null,
      ),
      a.sweepReads,
    ]),
  };
}
