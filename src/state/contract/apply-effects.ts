import type { Page } from '../memory/page';
import type { Effect } from './component';
import type { Msg } from './messages';
import type { SimEvent } from './sim-events';

/**
 * What performs a step's effects: one method per {@link Effect} kind. The
 * kernel, the test rig (`ComponentRig`) and the migration controller's
 * operator each implement it; {@link applyEffects} is the one loop that
 * hands a step's effects to it, in order.
 *
 * @example
 * const log: EffectHandler = {
 *   pop: (port) => console.log('pop', port),
 *   send: (port, msg) => console.log('send', port, msg.kind),
 *   progress: () => {},
 *   wakeAt: (cycle) => console.log('sleep until', cycle),
 *   idleNext: () => {},
 *   setPage: (page) => console.log('page', page.vAddr),
 *   emit: (event) => console.log(event.type),
 * };
 */
export interface EffectHandler {
  /** The component took the head of `port`'s incoming buffer. */
  pop(port: string): void;
  /** The component put `msg` into `port`'s outgoing buffer. */
  send(port: string, msg: Msg): void;
  /** The component asks for a tick in the next cycle. */
  progress(): void;
  /** Progress whose ticks before `cycle` would only let time pass (see {@link Effect}). */
  wakeAt(cycle: number): void;
  /** Progress whose next tick would do nothing unless something arrives (see {@link Effect}). */
  idleNext(): void;
  /** The component writes the shared page table. */
  setPage(page: Page): void;
  /** The component reports an observable event. */
  emit(event: SimEvent): void;
}

/**
 * Performs a step's `effects` on `handler`, in order — the one interpreter
 * of {@link Effect}s, shared by the kernel, the test rig and the operators.
 *
 * @example
 * const [next, effects] = model.step(state, event, now);
 * applyEffects(effects, handler);
 */
export function applyEffects(effects: readonly Effect[], handler: EffectHandler): void {
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i];
    switch (e.kind) {
      case 'pop':
        handler.pop(e.port);
        break;
      case 'send':
        handler.send(e.port, e.msg);
        break;
      case 'progress':
        handler.progress();
        break;
      case 'wakeAt':
        handler.wakeAt(e.cycle);
        break;
      case 'idleNext':
        handler.idleNext();
        break;
      case 'setPage':
        handler.setPage(e.page);
        break;
      case 'emit':
        handler.emit(e.event);
        break;
    }
  }
}
