import { memoryControllerModel } from '../../src/state/memory-controller/memory-controller';
import { run } from '../support/scenario';

describe('a bug of the simulator itself inside a run', () => {
  afterEach(() => jest.restoreAllMocks());

  test('is a failure of that run (kind panic, naming where), not an exception that ends a campaign', () => {
    const step = memoryControllerModel.step;
    let calls = 0;
    jest.spyOn(memoryControllerModel, 'step').mockImplementation(function (this: unknown, ...args) {
      if (++calls === 50) throw new Error('boom');
      return step.apply(this, args);
    });
    const r = run({ seed: 2, accesses: 100 });
    expect(r.status).toBe('fail');
    expect(r.failure?.kind).toBe('panic');
    expect(r.failure?.message).toMatch(/^internal error in MemCtrl\[\d\]: boom$/);
  });
});
