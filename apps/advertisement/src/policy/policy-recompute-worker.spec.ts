import { nextRecomputeWait, RECOMPUTE_BATCH, RECOMPUTE_IDLE_MAX_MS, RECOMPUTE_POLL_MS } from './policy-recompute-worker';

describe('nextRecomputeWait', () => {
  it('claims again at once after a full batch: more are probably waiting', () => {
    expect(nextRecomputeWait(RECOMPUTE_BATCH, RECOMPUTE_IDLE_MAX_MS)).toBe(0);
  });

  it('polls soon after a partial batch, whatever it waited before', () => {
    expect(nextRecomputeWait(1, RECOMPUTE_IDLE_MAX_MS)).toBe(RECOMPUTE_POLL_MS);
    expect(nextRecomputeWait(RECOMPUTE_BATCH - 1, 0)).toBe(RECOMPUTE_POLL_MS);
  });

  it('backs off while the queue stays empty, doubling up to the idle maximum', () => {
    const waits: number[] = [];
    let wait = 0;
    for (let claim = 0; claim < 6; claim += 1) {
      wait = nextRecomputeWait(0, wait);
      waits.push(wait);
    }
    expect(waits).toEqual([50, 100, 200, 250, 250, 250]);
  });
});
