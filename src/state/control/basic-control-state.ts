/**
 * The lifecycle state of the components that follow the control protocol's
 * plain state machine (ROB, AT, MMU, memory controller, data mover):
 * `enabled` serves traffic, `paused` freezes it, `draining` finishes what is
 * in flight and takes nothing new. The caches and TLBs use the same words
 * (plus the L2's flush sub-modes).
 *
 * @example
 * const c: BasicControlState = 'paused';
 */
export type BasicControlState = 'enabled' | 'paused' | 'draining';
