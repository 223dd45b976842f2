import { idIndex, resolveIds, TechniqueId } from '../../src/attack/replacements';

/** The pure rule of DETECTIONS.md "Techniques of a rule": no database. */
const t = (
  id: string,
  name: string,
  state: 'active' | 'revoked' | 'deprecated' = 'active',
  replacedBy: string | null = null,
): TechniqueId => ({
  id,
  name,
  active: state === 'active',
  revoked: state === 'revoked',
  replacedBy,
});

const v18 = idIndex([
  t('T1070.001', 'Clear Windows Event Logs'),
  t('T1562', 'Impair Defenses'),
  t('T1562.001', 'Disable or Modify Tools'),
  t('T1562.006', 'Indicator Blocking'),
  t('T1059.001', 'PowerShell'),
  t('T1086', 'PowerShell', 'revoked', 'T1059.001'),
  t('T1001', 'Old', 'deprecated'),
  t('T1200', 'Twice', 'revoked', 'T1059.001'),
  t('T1200', 'Twice'),
  t('T1300', 'Revoked towards nothing active', 'revoked', 'T1001'),
]);
const v19 = idIndex([
  t('T1070.001', 'Clear Windows Event Logs', 'revoked', 'T1685.005'),
  t('T1685.005', 'Clear Windows Event Logs'),
  t('T1562', 'Impair Defenses', 'revoked', 'T1685'),
  t('T1562.001', 'Disable or Modify Tools', 'revoked', 'T1685'),
  t('T1562.006', 'Indicator Blocking', 'revoked', 'T1685'),
  t('T1685', 'Disable or Modify Tools'),
  t('T1686.003', 'New in v19'),
  t('T1059.001', 'PowerShell'),
]);

const resolve = (release: typeof v18, others: (typeof v18)[], ids: string[]) => Object.fromEntries(resolveIds(release, others, ids));

describe('resolveIds', () => {
  it("counts an id for the release's own active technique, or the end of its revoked-by chain", () => {
    expect(resolve(v18, [], ['T1070.001', 'T1086', 'T1200'])).toEqual({ 'T1070.001': 'T1070.001', T1086: 'T1059.001', T1200: 'T1200' });
    expect(resolve(v19, [v18], ['T1070.001', 'T1562', 'T1685.005'])).toEqual({
      'T1070.001': 'T1685.005',
      T1562: 'T1685',
      'T1685.005': 'T1685.005',
    });
  });

  it('counts a newer id for the technique of this release that another release says it replaces', () => {
    expect(resolve(v18, [v19], ['T1685.005'])).toEqual({ 'T1685.005': 'T1070.001' });
    // Without the newer release loaded nobody knows it.
    expect(resolve(v18, [], ['T1685.005'])).toEqual({ 'T1685.005': null });
  });

  it('an id replacing several counts for the one whose name it kept, else the lowest id', () => {
    expect(resolve(v18, [v19], ['T1685'])).toEqual({ T1685: 'T1562.001' });
    const renamed = idIndex([
      t('T1562', 'Impair Defenses', 'revoked', 'T1685'),
      t('T1562.006', 'Indicator Blocking', 'revoked', 'T1685'),
      t('T1685', 'Brand New Name'),
    ]);
    expect(resolve(v18, [renamed], ['T1685'])).toEqual({ T1685: 'T1562' });
  });

  it('null for ids no release gives a technique of this one: unknown, new without a predecessor, deprecated, revoked towards nothing active', () => {
    expect(resolve(v18, [v19], ['T9999', 'T1686.003', 'T1001', 'T1300'])).toEqual({
      T9999: null,
      'T1686.003': null,
      T1001: null,
      T1300: null,
    });
  });

  it('an id another release revokes in favour of one this release has counts for that one (a bundle without its revoked objects)', () => {
    const pruned = idIndex([t('T1685.005', 'Clear Windows Event Logs')]);
    expect(resolve(pruned, [v19], ['T1070.001'])).toEqual({ 'T1070.001': 'T1685.005' });
  });

  it('keys the answer by the id as given, resolving it in upper case', () => {
    expect(resolve(v18, [v19], ['t1685.005'])).toEqual({ 't1685.005': 'T1070.001' });
  });
});
