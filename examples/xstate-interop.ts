/**
 * The simulator's event stream driving an XState v5 state machine: the
 * machine invokes `simulate()` through XState's own `fromObservable` (which
 * only needs a standard subscribable), switches between `working` and
 * `migrating` as migrations start and end, counts what it sees, and ends in
 * `finished` with the run's result. The simulation runs in slices on RxJS's
 * `asyncScheduler`, so the event loop stays free while it runs.
 *
 * Run it: `npm run example:xstate` (optionally `-- SEED ACCESSES`).
 */
import { asyncScheduler } from 'rxjs';
import { assign, createActor, fromObservable, setup, toPromise } from 'xstate';
import { type RunResult, type ScenarioConfig, type SimulationEvent, simulate } from '../src/index';

/** What the machine remembers. @example actor.getSnapshot().context.migrationsEntered */
export interface MonitorContext {
  readonly config: Partial<ScenarioConfig>;
  /** Events received from the simulation. */
  readonly events: number;
  readonly requestsCompleted: number;
  /** Times the machine entered `migrating`. */
  readonly migrationsEntered: number;
  /** Cycles spent in each phase over all migrations. */
  readonly phaseCycles: Readonly<Record<string, number>>;
  readonly result: RunResult | null;
}

/** What the machine ends with. @example (await monitorWithXState({ seed: 1 })).status === 'pass' */
export interface MonitorOutput {
  readonly status: 'pass' | 'fail' | 'error';
  readonly events: number;
  readonly requestsCompleted: number;
  readonly migrationsEntered: number;
  readonly phaseCycles: Readonly<Record<string, number>>;
  readonly result: RunResult | null;
}

type Snap = { readonly snapshot: { readonly context: SimulationEvent | undefined } };
const eventOf = (e: unknown): SimulationEvent | undefined => (e as Snap).snapshot.context;

function count(c: MonitorContext, e: SimulationEvent | undefined): Partial<MonitorContext> {
  if (e === undefined) return {};
  const patch: { -readonly [K in keyof MonitorContext]?: MonitorContext[K] } = { events: c.events + 1 };
  if (e.type === 'request-completed') patch.requestsCompleted = c.requestsCompleted + 1;
  if (e.type === 'phase-ended')
    patch.phaseCycles = { ...c.phaseCycles, [e.phase]: (c.phaseCycles[e.phase] ?? 0) + e.duration };
  if (e.type === 'finished') patch.result = e.result;
  return patch;
}

/**
 * The machine: `running` (invoking the simulation) with children `working`
 * and `migrating`, then `finished` or `failed`.
 *
 * @example
 * const actor = createActor(simulationMonitor, { input: { seed: 1, accesses: 200 } }).start();
 */
export const simulationMonitor = setup({
  types: {
    context: {} as MonitorContext,
    input: {} as Partial<ScenarioConfig>,
    output: {} as MonitorOutput,
  },
  actors: {
    simulation: fromObservable(({ input }: { input: Partial<ScenarioConfig> }) =>
      simulate(input, { scheduler: asyncScheduler }),
    ),
  },
  guards: {
    migrationStarted: ({ event }) => eventOf(event)?.type === 'migration-started',
    migrationEnded: ({ event }) => eventOf(event)?.type === 'migration-ended',
  },
  actions: {
    count: assign(({ context, event }) => count(context, eventOf(event))),
  },
}).createMachine({
  id: 'numasim-monitor',
  context: ({ input }) => ({
    config: input,
    events: 0,
    requestsCompleted: 0,
    migrationsEntered: 0,
    phaseCycles: {},
    result: null,
  }),
  initial: 'running',
  states: {
    running: {
      initial: 'working',
      invoke: {
        src: 'simulation',
        input: ({ context }) => context.config,
        onSnapshot: [
          { guard: 'migrationStarted', target: '.migrating', actions: 'count' },
          { guard: 'migrationEnded', target: '.working', actions: 'count' },
          { actions: 'count' },
        ],
        onDone: { target: 'finished' },
        onError: { target: 'failed' },
      },
      states: {
        working: {},
        migrating: {
          entry: assign({ migrationsEntered: ({ context }) => context.migrationsEntered + 1 }),
        },
      },
    },
    finished: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => ({
    status: context.result === null ? 'error' : context.result.status,
    events: context.events,
    requestsCompleted: context.requestsCompleted,
    migrationsEntered: context.migrationsEntered,
    phaseCycles: context.phaseCycles,
    result: context.result,
  }),
});

/**
 * Runs a scenario under the monitor machine and resolves with its output.
 *
 * @example
 * const out = await monitorWithXState({ seed: 1, accesses: 200 });
 * console.log(out.migrationsEntered, out.phaseCycles);
 */
export function monitorWithXState(config: Partial<ScenarioConfig>): Promise<MonitorOutput> {
  const actor = createActor(simulationMonitor, { input: config });
  const done = toPromise(actor);
  actor.start();
  return done;
}

if (require.main === module) {
  const seed = Number(process.argv[2] ?? 1);
  const accesses = Number(process.argv[3] ?? 1000);
  monitorWithXState({ seed, accesses }).then((out) => {
    process.stdout.write(
      `${out.status}: ${out.events} events, ${out.requestsCompleted} requests, entered 'migrating' ${out.migrationsEntered} times\n`,
    );
    for (const [phase, cycles] of Object.entries(out.phaseCycles))
      process.stdout.write(`  ${phase.padEnd(12)} ${cycles} cycles\n`);
  });
}
