/**
 * The simulated hardware hit a condition the reference treats as a panic
 * (a send on a full buffer, a page missing from the page table, a failed
 * control ack in the controller, …). The kernel turns it into a run failure.
 *
 * @example
 * throw new SimPanic('IoMMU: page not found (pid 1, vAddr 0x5000)');
 */
export class SimPanic extends Error {
  constructor(
    message: string,
    /** `protocol` when a control command was rejected; `panic` otherwise. */
    readonly kind: 'panic' | 'protocol' = 'panic',
  ) {
    super(message);
    this.name = 'SimPanic';
  }
}
