import { pairDelta } from '../../src/attack/coverage-delta';

/** The pairing of a release diff's coverage delta, pure: rows as (id, platform, blind hosts). */
const row = (id: string, platform: string, blind: number) => ({ technique: { id }, platform, blind });
type Row = ReturnType<typeof row>;
const gap = (r: Row) => r.blind > 0;
const show = (r: Row | null) => (r ? `${r.technique.id}/${r.platform}/${r.blind}` : '-');
const delta = (then: Row[], now: Row[], successors: Record<string, string | null>) => {
  const d = pairDelta(then, now, (id) => (id in successors ? successors[id] : id), gap);
  return {
    becameGaps: d.becameGaps.map(([n, b]) => `${show(n)} <- ${show(b)}`),
    stoppedBeingGaps: d.stoppedBeingGaps.map(([t, a]) => `${show(t)} -> ${show(a)}`),
    carriedOver: d.carriedOver.map(([t, n, s]) => `${show(t)} -> ${show(n)} ${s}`),
  };
};

describe('pairDelta', () => {
  test('without replacements: gaps opened and closed by the same pair', () => {
    expect(
      delta([row('T1', 'W', 0), row('T2', 'W', 3), row('T3', 'W', 1)], [row('T1', 'W', 2), row('T2', 'W', 0), row('T4', 'W', 1)], {
        T3: null,
      }),
    ).toEqual({
      becameGaps: ['T1/W/2 <- T1/W/0', 'T4/W/1 <- -'],
      stoppedBeingGaps: ['T2/W/3 -> T2/W/0', 'T3/W/1 -> -'],
      carriedOver: [],
    });
  });

  test("a revoked technique's gap is carried over to its replacement, on each platform both have", () => {
    const then = [row('T1070.001', 'Windows', 2), row('T1070.001', 'Linux', 1), row('T9', 'Windows', 0)];
    const now = [row('T1685.005', 'Windows', 2), row('T9', 'Windows', 0)];
    expect(delta(then, now, { 'T1070.001': 'T1685.005' })).toEqual({
      becameGaps: [],
      // The replacement has no Linux: that gap is gone.
      stoppedBeingGaps: ['T1070.001/Linux/1 -> -'],
      carriedOver: ['T1070.001/Windows/2 -> T1685.005/Windows/2 STILL_GAP'],
    });
  });

  test('a replacement whose state changed is listed once, with the replaced pair beside it', () => {
    expect(delta([row('A', 'W', 0), row('B', 'W', 4)], [row('A2', 'W', 1), row('B2', 'W', 0)], { A: 'A2', B: 'B2' })).toEqual({
      becameGaps: ['A2/W/1 <- A/W/0'],
      stoppedBeingGaps: ['B/W/4 -> B2/W/0'],
      carriedOver: ['A/W/0 -> A2/W/1 BECAME_GAP', 'B/W/4 -> B2/W/0 STOPPED_BEING_GAP'],
    });
  });

  test('several replaced by one: a gap in any of them carries over; before prefers the same id', () => {
    const then = [row('T1562', 'W', 0), row('T1562.001', 'W', 5), row('T1685', 'M', 0)];
    const now = [row('T1685', 'W', 5), row('T1685', 'M', 2)];
    expect(delta(then, now, { T1562: 'T1685', 'T1562.001': 'T1685' })).toEqual({
      becameGaps: ['T1685/M/2 <- T1685/M/0'],
      stoppedBeingGaps: [],
      carriedOver: ['T1562/W/0 -> T1685/W/5 BECAME_GAP', 'T1562.001/W/5 -> T1685/W/5 STILL_GAP'],
    });
  });
});
