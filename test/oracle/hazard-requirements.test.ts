import { HAZARD_NAMES } from '../../src/oracle/hazard-names';
import { requiredHazards } from '../../src/oracle/hazard-requirements';

const req = (plan: string, repeatMigrations = true) => requiredHazards(plan.split(','), { repeatMigrations });
const all = [...HAZARD_NAMES];
const without = (...hs: string[]) => all.filter((h) => !hs.includes(h));

describe('which hazards a plan can exercise', () => {
  test('the reference plan: every hazard but a walk across the repoint (it drains first)', () => {
    expect(req('drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all')).toEqual(
      without('walk-across-repoint'),
    );
  });

  test('a repoint without a drain before it, or after an Enable, can meet an open walk', () => {
    expect(req('pause-rest,flush-l2,copy,repoint,invalidate,enable-all')).toEqual(all);
    expect(req('drain-robs,pause-rest,flush-l2,invalidate,copy,enable-all,repoint')).toEqual(all);
    expect(req('drain-rest,repoint,enable-all')).not.toContain('walk-across-repoint');
    expect(req('drain-all,repoint,enable-all')).not.toContain('walk-across-repoint');
    expect(req('pause-all,repoint,enable-all')).toContain('walk-across-repoint');
  });

  test('a hazard tied to a missing step is not required', () => {
    expect(req('drain-robs,pause-rest,copy,repoint,invalidate,enable-all')).toEqual(
      without('dirty-l2-line-at-flush', 'walk-across-repoint'),
    );
    expect(req('drain-robs,pause-rest,flush-l2,copy,repoint,enable-all')).toEqual(
      without('l1-line-at-invalidate', 'tlb-entry-at-invalidate', 'walk-across-repoint'),
    );
    expect(req('drain-robs,pause-rest,flush-l2,copy,repoint,invalidate')).toEqual(
      without('access-soon-after-enable', 'walk-across-repoint'),
    );
    expect(req('flush-l2,copy,invalidate,enable-all')).toEqual(
      without('request-in-flight-at-quiesce', 'walk-across-repoint'),
    );
    expect(req('pause-all,invalidate-l1,enable-all')).toContain('l1-line-at-invalidate');
    expect(req('pause-all,invalidate-l1,enable-all')).not.toContain('tlb-entry-at-invalidate');
    expect(req('pause-all,invalidate-tlbs,enable-all')).not.toContain('l1-line-at-invalidate');
    expect(req('pause-all,invalidate-tlbs,enable-all')).toContain('tlb-entry-at-invalidate');
  });

  test('a flush after an invalidation of the L2 (which drops dirty lines) finds none, unless an Enable came between', () => {
    expect(req('drain-robs,pause-rest,invalidate,flush-l2,copy,repoint,enable-all')).not.toContain(
      'dirty-l2-line-at-flush',
    );
    expect(req('drain-robs,pause-rest,invalidate-l1,flush-l2,copy,repoint,enable-all')).toContain(
      'dirty-l2-line-at-flush',
    );
    expect(req('pause-all,invalidate-l2,enable-all,pause-all,flush-l2,enable-all')).toContain(
      'dirty-l2-line-at-flush',
    );
  });

  test('round trips and back-to-back moves need scenarios that migrate a page twice', () => {
    expect(req('drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all', false)).toEqual(
      without('walk-across-repoint', 'page-round-trip', 'back-to-back-migration'),
    );
  });
});
