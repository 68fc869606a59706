import { delay, interval, observeOn, Subject, subscribeOn, take, timer } from 'rxjs';
import {
  PHASE_LINK,
  PHASE_TICK,
  SimScheduler,
  type SimTask,
} from '../../../src/streams/scheduler/sim-scheduler';

function task(log: string[], name: string, gen = 0): SimTask {
  return { gen, run: (now) => log.push(`${name}@${now}`) };
}

describe('SimScheduler', () => {
  test('runs events by (cycle, phase, schedule order)', () => {
    const s = new SimScheduler();
    const log: string[] = [];
    s.enqueue(task(log, 'c'), 5, PHASE_TICK);
    s.enqueue(task(log, 'link'), 3, PHASE_LINK);
    s.enqueue(task(log, 'a'), 3, PHASE_TICK);
    s.enqueue(task(log, 'b'), 3, PHASE_TICK);
    s.flush();
    expect(log).toEqual(['a@3', 'b@3', 'link@3', 'c@5']);
    expect(s.now()).toBe(5);
  });

  test('skips entries whose task generation changed (cancelled)', () => {
    const s = new SimScheduler();
    const log: string[] = [];
    const t = { gen: 0, run: (now: number) => log.push(`t@${now}`) };
    s.enqueue(t, 2, PHASE_TICK);
    t.gen = 1;
    s.enqueue(t, 4, PHASE_TICK);
    s.flush();
    expect(log).toEqual(['t@4']);
  });

  test('flush(until) stops at the bound and keeps the rest queued', () => {
    const s = new SimScheduler();
    const log: string[] = [];
    for (let t = 1; t <= 10; t++) s.enqueue(task(log, `e${t}`), t, PHASE_TICK);
    expect(s.flush(4)).toBe(true);
    expect(log).toHaveLength(4);
    expect(s.flush()).toBe(false);
    expect(log).toHaveLength(10);
  });

  test('many random events come out sorted (heap property)', () => {
    const s = new SimScheduler();
    const times: number[] = [];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      s.enqueue({ gen: 0, run: (now) => times.push(now) }, x % 500, PHASE_TICK);
    }
    s.flush();
    expect(times).toHaveLength(2000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });

  test('a tie-break seed permutes same-cycle events deterministically', () => {
    const order = (seed?: number) => {
      const s = new SimScheduler({ tieBreakSeed: seed });
      const log: string[] = [];
      for (let i = 0; i < 12; i++) s.enqueue(task(log, `e${i}`), 7, PHASE_TICK);
      s.enqueue(task(log, 'late'), 8, PHASE_TICK);
      s.flush();
      return log;
    };
    const plain = order();
    expect(plain.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `e${i}@7`));
    const a = order(1);
    expect(order(1)).toEqual(a);
    expect(a).not.toEqual(plain);
    expect([...a].sort()).toEqual([...plain].sort());
    expect(a[12]).toBe('late@8');
    expect(order(2)).not.toEqual(a);
  });

  describe('calendar ring and overflow', () => {
    /** A reference queue: every entry sorted by (cycle, phase, key, sequence). */
    function sortedOrder(entries: Array<{ t: number; p: number; name: string }>): string[] {
      return entries
        .map((e, s) => ({ ...e, s }))
        .sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s)
        .map((e) => `${e.name}@${e.t}`);
    }

    test('far-future, same-cycle and mixed-phase events run in (cycle, phase, order) order', () => {
      const s = new SimScheduler();
      const log: string[] = [];
      const entries: Array<{ t: number; p: number; name: string }> = [];
      let x = 99;
      for (let i = 0; i < 3000; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const t = x % 7 === 0 ? 1000 + (x % 5000) : x % 40;
        const p = x % 3 === 0 ? PHASE_LINK : PHASE_TICK;
        entries.push({ t, p, name: `e${i}` });
        s.enqueue(task(log, `e${i}`), t, p);
      }
      s.flush();
      expect(log).toEqual(sortedOrder(entries));
    });

    test('events added while running land in order, including the current cycle and the past', () => {
      const s = new SimScheduler();
      const log: string[] = [];
      s.enqueue(
        {
          gen: 0,
          run: (now) => {
            log.push(`a@${now}`);
            s.enqueue(task(log, 'same-tick'), now, PHASE_TICK);
            s.enqueue(task(log, 'same-link'), now, PHASE_LINK);
            s.enqueue(task(log, 'next'), now + 1, PHASE_TICK);
            s.enqueue(task(log, 'far'), now + 900, PHASE_TICK);
          },
        },
        10,
        PHASE_TICK,
      );
      s.enqueue(task(log, 'b'), 10, PHASE_TICK);
      s.enqueue(
        {
          gen: 0,
          run: (now) => {
            log.push(`link@${now}`);
            s.enqueue(task(log, 'tick-after-link'), now, PHASE_TICK);
          },
        },
        10,
        PHASE_LINK,
      );
      s.flush();
      expect(log).toEqual([
        'a@10',
        'b@10',
        'same-tick@10',
        'link@10',
        'tick-after-link@10',
        'same-link@10',
        'next@11',
        'far@910',
      ]);
      s.enqueue(task(log, 'past'), 3, PHASE_TICK);
      s.flush();
      expect(log[log.length - 1]).toBe('past@3');
    });

    test('with a tie-break seed, events added to the running cycle still take their sorted place', () => {
      const order = () => {
        const s = new SimScheduler({ tieBreakSeed: 5 });
        const log: string[] = [];
        for (let i = 0; i < 6; i++) {
          s.enqueue(
            {
              gen: 0,
              run: (now) => {
                log.push(`e${i}@${now}`);
                if (i < 3) s.enqueue(task(log, `late${i}`), now, PHASE_TICK);
              },
            },
            4,
            PHASE_TICK,
          );
        }
        s.flush();
        return log;
      };
      const a = order();
      expect(order()).toEqual(a);
      expect(a).toHaveLength(9);
    });

    test('snapshot and restore keep ring and overflow entries in order', () => {
      const s = new SimScheduler({ tieBreakSeed: 3 });
      const tasks = Array.from({ length: 30 }, (_, i) => ({ gen: 0, run: () => {}, i }));
      tasks.forEach((t, i) => {
        s.enqueue(t, (i * 37) % 600, i % 2);
      });
      s.flush(50);
      const snap = JSON.parse(JSON.stringify(s.snapshot((t) => (t as unknown as { i: number }).i)));
      const log: number[] = [];
      const again = new SimScheduler();
      again.restore(snap, (i: number) => ({ gen: 0, run: () => log.push(i) }));
      const rest: number[] = [];
      for (const t of tasks) (t as { run: () => void }).run = () => rest.push(t.i);
      s.flush();
      again.flush();
      expect(log).toEqual(rest);
      expect(again.now()).toBe(s.now());
    });
  });

  describe('as an RxJS scheduler', () => {
    test('timer fires at the virtual cycle', () => {
      const s = new SimScheduler();
      const seen: number[] = [];
      timer(5, s).subscribe(() => seen.push(s.now()));
      timer(2, s).subscribe(() => seen.push(s.now()));
      s.flush();
      expect(seen).toEqual([2, 5]);
    });

    test('interval reschedules the same action and unsubscribes cleanly after many ticks', () => {
      const s = new SimScheduler();
      let n = 0;
      const sub = interval(1, s).subscribe(() => n++);
      s.flush(10000);
      expect(n).toBe(10000);
      expect(() => sub.unsubscribe()).not.toThrow();
      expect(s.flush()).toBe(false);
      expect(n).toBe(10000);
    });

    test('delay and observeOn shift values in virtual time', () => {
      const s = new SimScheduler();
      const src = new Subject<number>();
      const seen: Array<[string, number, number]> = [];
      src.pipe(delay(10, s)).subscribe((v) => seen.push(['delay', v, s.now()]));
      src.pipe(observeOn(s, 3)).subscribe((v) => seen.push(['observeOn', v, s.now()]));
      src.next(1);
      s.flush(4); // the clock stops at the last event run: cycle 3
      expect(s.now()).toBe(3);
      src.next(2);
      s.flush();
      expect(seen).toEqual([
        ['observeOn', 1, 3],
        ['observeOn', 2, 6],
        ['delay', 1, 10],
        ['delay', 2, 13],
      ]);
    });

    test('subscribeOn defers the subscription', () => {
      const s = new SimScheduler();
      const seen: number[] = [];
      timer(1, s)
        .pipe(take(1), subscribeOn(s, 20))
        .subscribe(() => seen.push(s.now()));
      s.flush();
      expect(seen).toEqual([21]);
    });

    test('an unsubscribed action never runs', () => {
      const s = new SimScheduler();
      let ran = false;
      const sub = s.schedule(() => {
        ran = true;
      }, 5);
      sub.unsubscribe();
      s.flush();
      expect(ran).toBe(false);
    });
  });
});
