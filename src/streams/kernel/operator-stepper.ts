import { Subject } from 'rxjs/internal/Subject';
import type { Subscription } from 'rxjs/internal/Subscription';
import type {
  ComponentIdentity,
  ComponentModel,
  Effect,
  StepResult,
  TickEvent,
} from '../../state/contract/component';
import { type ComponentTick, componentOperator } from '../component-operator';

const NO_EFFECTS: readonly Effect[] = [];

/**
 * Steps a component in the kernel *through* its RxJS operator
 * ({@link componentOperator}): each kernel tick is pushed into a Subject
 * piped through the operator, which runs the model's `step` and emits the
 * effects; the kernel performs them as for any component. RxJS delivers
 * synchronously, so the tick order and the trace are the same as a direct
 * `step` call. The kernel still owns the state between ticks (checkpoints,
 * liveness dumps, the purity mode): when it differs from the operator's —
 * a restored checkpoint, replayed slept-through ticks, a command — the
 * operator's state is set from it before the tick. A step that throws
 * errors the operator's stream; the error is rethrown to the kernel (a
 * panic, as for a direct step) and the next tick subscribes afresh.
 *
 * @example
 * const stepper = new OperatorStepper(migrationControllerModel, spec, { name: 'MigrationController', index: 9 }, state);
 * const [next, effects] = stepper.step(state, event, now);
 */
export class OperatorStepper<Spec, State> {
  private readonly ticks = new Subject<ComponentTick>();
  private subscription: Subscription | null = null;
  private get: () => State = () => this.seed;
  private set: (state: State) => void = () => {};
  private effects: readonly Effect[] = NO_EFFECTS;
  private failed: { readonly error: unknown } | null = null;

  constructor(
    private readonly model: ComponentModel<Spec, State>,
    private readonly spec: Spec,
    private readonly identity: ComponentIdentity,
    private seed: State,
  ) {}

  /** One tick through the operator: the model's `step(state, event, now)`, as the kernel calls it. */
  step(state: State, event: TickEvent, now: number): StepResult<State> {
    if (this.subscription === null || this.subscription.closed) this.subscribe(state);
    else if (this.get() !== state) this.set(state);
    this.effects = NO_EFFECTS;
    this.ticks.next({ now, ports: event.ports, env: event.env });
    const failed = this.failed;
    if (failed !== null) {
      this.failed = null;
      throw failed.error;
    }
    return [this.get(), this.effects];
  }

  private subscribe(state: State): void {
    this.seed = state;
    this.subscription = this.ticks
      .pipe(
        componentOperator(this.model, this.spec, this.identity, {
          initialState: state,
          state: (get, set) => {
            this.get = get;
            this.set = set;
          },
        }),
      )
      .subscribe({
        next: (effects) => {
          this.effects = effects;
        },
        error: (error: unknown) => {
          this.failed = { error };
        },
      });
  }
}
