import type { TraceEvent } from './trace-event';

/**
 * What {@link validateChromeTrace} found: the problems (empty when the trace
 * is well formed) and counts of what it holds.
 *
 * @example
 * const v = validateChromeTrace(JSON.parse(readFileSync('run.json', 'utf8')));
 * if (v.problems.length > 0) console.error(v.problems.join('\n'));
 */
export interface TraceValidation {
  readonly problems: readonly string[];
  /** Complete (`X`) spans by category. */
  readonly spansByCat: Readonly<Record<string, number>>;
  /** Matched async (`b`/`e`) spans. */
  readonly asyncSpans: number;
  readonly counters: number;
  readonly instants: number;
  readonly events: number;
}

interface Span {
  readonly ts: number;
  readonly end: number;
  readonly i: number;
  readonly name: string;
}

const MAX_PROBLEMS = 50;

/**
 * Checks a Chrome trace-event document structurally: `traceEvents` is an
 * array of events with a known phase, a name and a pid; timestamps are
 * finite and non-negative; every complete span has `dur ≥ 0`; complete
 * spans on each thread nest properly (a span starting inside another ends
 * inside it); every async begin has one matching end no earlier than it;
 * counter values are numbers; every process used is named.
 *
 * @example
 * validateChromeTrace({ traceEvents: [{ ph: 'X', name: 'a', pid: 1, tid: 1, ts: 0, dur: 5 }] }).problems.length === 0;
 */
export function validateChromeTrace(doc: unknown): TraceValidation {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const events = (doc as { traceEvents?: unknown })?.traceEvents;
  if (!Array.isArray(events)) {
    return {
      problems: ['traceEvents is not an array'],
      spansByCat: {},
      asyncSpans: 0,
      counters: 0,
      instants: 0,
      events: 0,
    };
  }
  const spansByCat: Record<string, number> = {};
  const threads = new Map<string, Span[]>();
  const open = new Map<string, number>();
  const named = new Set<number>();
  const used = new Set<number>();
  let asyncSpans = 0;
  let counters = 0;
  let instants = 0;
  events.forEach((raw: unknown, i: number) => {
    const e = raw as TraceEvent;
    const where = `event ${i} (${e?.ph} ${JSON.stringify(e?.name)})`;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || typeof e.pid !== 'number') {
      problem(`event ${i}: not an object with a name and a pid`);
      return;
    }
    if (e.ph === 'M') {
      if (e.name === 'process_name') named.add(e.pid);
      return;
    }
    used.add(e.pid);
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) {
      problem(`${where}: bad ts ${e.ts}`);
      return;
    }
    switch (e.ph) {
      case 'X': {
        if (typeof e.dur !== 'number' || !(e.dur >= 0)) {
          problem(`${where}: dur ${e.dur} (a span must not end before it begins)`);
          return;
        }
        const cat = e.cat ?? '';
        spansByCat[cat] = (spansByCat[cat] ?? 0) + 1;
        const key = `${e.pid}/${e.tid}`;
        const list = threads.get(key) ?? [];
        threads.set(key, list);
        list.push({ ts: e.ts, end: e.ts + e.dur, i, name: e.name });
        break;
      }
      case 'b':
      case 'e': {
        const local = e.id2?.local;
        const id = local ?? e.id ?? e.id2?.global;
        const key = local !== undefined ? `${e.pid}/${e.cat}/local:${local}` : `${e.cat}/${id}`;
        if (id === undefined) problem(`${where}: async event without an id`);
        if (e.ph === 'b') {
          if (open.has(key)) problem(`${where}: async span ${key} begun twice`);
          open.set(key, e.ts);
        } else {
          const b = open.get(key);
          if (b === undefined) problem(`${where}: async end without a begin (${key})`);
          else if (e.ts < b) problem(`${where}: async span ${key} ends at ${e.ts} before it begins at ${b}`);
          else asyncSpans++;
          open.delete(key);
        }
        break;
      }
      case 'C':
        counters++;
        if (
          typeof e.args !== 'object' ||
          e.args === null ||
          Object.values(e.args).some((v) => typeof v !== 'number')
        )
          problem(`${where}: counter values must be numbers`);
        break;
      case 'i':
        instants++;
        break;
      default:
        problem(`${where}: unknown phase`);
    }
  });
  for (const key of open.keys()) problem(`async span ${key} never ends`);
  for (const pid of used) if (!named.has(pid)) problem(`process ${pid} has no process_name`);
  for (const [key, list] of threads) {
    list.sort((a, b) => a.ts - b.ts || b.end - b.ts - (a.end - a.ts) || a.i - b.i);
    const stack: Span[] = [];
    for (const s of list) {
      while (stack.length > 0 && s.ts >= stack[stack.length - 1].end) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined && s.end > top.end)
        problem(
          `thread ${key}: '${s.name}' [${s.ts}, ${s.end}] overlaps '${top.name}' [${top.ts}, ${top.end}] without nesting`,
        );
      stack.push(s);
    }
  }
  return { problems, spansByCat, asyncSpans, counters, instants, events: events.length };
}
