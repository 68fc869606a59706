import { classifyOrdering, classifyOrderingSteps } from '../../src/fuzz/orderings';
import { classifyOrderingsParallel } from '../../src/fuzz/parallel-orderings';

const REFERENCE = 'drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all'.split(',');
/** Four batches of 25 runs: the reference plan never fails, and 1000 runs per hazard are never reached. */
const options = { seed: 1, hazardMin: 1000, maxRuns: 100, shrinkSteps: 20 };

test('classifyOrderingSteps yields after each unsettled batch and returns the verdict classifyOrdering gives', () => {
  const steps = classifyOrderingSteps(REFERENCE, 'permutation', options);
  const yielded: number[] = [];
  let r = steps.next();
  while (!r.done) {
    yielded.push(r.value);
    r = steps.next();
  }
  expect(yielded).toEqual([25, 50, 75]);
  expect(r.value).toEqual(classifyOrdering(REFERENCE, 'permutation', options));
  expect(r.value).toMatchObject({ safe: true, covered: false, runs: 100 });
});

test('in this thread (--jobs 1) a stop request is seen within an ordering, between its batches', async () => {
  let asked = 0;
  const t = await classifyOrderingsParallel(
    { ...options, plans: [{ plan: REFERENCE, variant: 'permutation' }] },
    1,
    () => ++asked > 2, // before the ordering, after its first batch, then stop after the second
  );
  expect(t).toEqual({ verdicts: [], seconds: [], interrupted: true });
  expect(asked).toBe(3);
});
