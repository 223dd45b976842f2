import { pathMatcher, ruleSelectorPredicate } from '../../src/detections/rule';
import { sigmaNeeds } from '../../src/detections/sigma-logsource';
import { eventIdsOf, readSigmaText } from '../../import/detections/sigma';

/** Reading Sigma documents, the Windows log source table of DETECTIONS.md, and rule selectors. */
describe('Sigma rules', () => {
  const rule = (id: string, body = '') => `title: ${id}\nid: ${id}\nlogsource:\n  product: windows\n  service: security\n${body}`;

  test('EventID values from every selection: values, lists, lists of maps, with modifiers; whole numbers only', () => {
    expect(
      eventIdsOf({
        selection: { EventID: 4688, Image: 'x' },
        other: [{ EventID: [4624, '4625'] }, { 'EventID|contains': '1102' }],
        filter_main: { EventID: '*' },
        nested: { EventID: 5 },
        condition: 'selection and not filter_main',
      }),
    ).toEqual([5, 1102, 4624, 4625, 4688]);
    expect(eventIdsOf({ selection: { eventid: 4 } })).toEqual([]);
  });

  test('documents: rules, correlation rules, filters, action: global merged into the ones after it, reset, repeat', () => {
    const text = [
      'action: global\ntitle: shared\nlogsource:\n  product: windows\ndetection:\n  condition: selection',
      'id: g-1\nlogsource:\n  service: security\ndetection:\n  selection:\n    EventID: 4688',
      'action: repeat\nid: g-2\ndetection:\n  selection:\n    EventID: 4689',
      'action: reset',
      'title: corr\nid: c-1\ncorrelation:\n  type: event_count',
      'title: f\nid: f-1\nlogsource:\n  product: windows\nfilter:\n  rules: [g-1]',
      'title: lone\nid: no-logsource',
      '- a list',
    ].join('\n---\n');
    const read = readSigmaText(text, 'x.yml', 'dir/x.yml');
    expect(read.skipped).toEqual({ correlation: 1, filter: 1, global: 2 });
    expect(read.rules.map((r) => [r.rule.id, r.rule.title, r.rule.requirements, r.where])).toEqual([
      ['g-1', 'shared', [{ name: 'WinEventLog:Security', channel: 'EventCode=4688' }], 'x.yml:8'],
      ['g-2', 'shared', [{ name: 'WinEventLog:Security', channel: 'EventCode=4689' }], 'x.yml:15'],
    ]);
    expect(read.broken).toEqual([
      'x.yml:35: rule no-logsource has no logsource',
      'x.yml:38: not a Sigma rule (expected a map of keys such as title, id, logsource, detection)',
    ]);
  });

  test('a document that is not YAML is broken, with its line; the others are read', () => {
    const read = readSigmaText(`${rule('ok')}\n---\ntitle: [bad\n`, 'y.yml', 'y.yml');
    expect(read.rules.map((r) => r.rule.id)).toEqual(['ok']);
    expect(read.broken).toHaveLength(1);
    expect(read.broken[0]).toMatch(/^y\.yml:\d+: not valid YAML/);
  });

  test('tags: ATT&CK technique ids in any case, tactics kept as tags only', () => {
    const [r] = readSigmaText(
      rule('t', 'tags:\n  - attack.execution\n  - attack.T1059.001\n  - attack.t1059.001\n  - attack.t1685\n  - car.2016-04-005\n'),
      'f',
      'f',
    ).rules;
    expect(r.rule.attackIds).toEqual(['T1059.001', 'T1685']);
    expect(r.rule.tags).toHaveLength(5);
  });

  test("the Windows table: services, Sysmon categories and the built-in logs' alternatives", () => {
    const w = (logsource: Record<string, string>, ids: number[] = []) => sigmaNeeds({ product: 'windows', ...logsource }, ids);
    expect(w({ service: 'security' })).toEqual({
      requirements: [{ name: 'WinEventLog:Security', channel: null }],
      platforms: ['Windows'],
      mapped: true,
    });
    expect(w({ service: 'powershell-classic' }, [400, 600]).requirements).toEqual([
      { name: 'WinEventLog:PowerShell', channel: 'EventCode=400, 600' },
    ]);
    expect(w({ service: 'dhcp' }).requirements).toEqual([{ name: 'wineventlog:dhcp', channel: null }]);
    expect(w({ service: 'windefend' }, [1116]).requirements).toEqual([{ name: 'WinEventLog:Windows Defender', channel: 'EventCode=1116' }]);
    expect(w({ service: 'bits-client' }).requirements).toEqual([
      { name: 'WinEventLog:Microsoft-Windows-Bits-Client/Operational', channel: null },
    ]);
    expect(w({ service: 'security-mitigations' }).requirements.map((q) => q.name)).toEqual([
      'WinEventLog:Microsoft-Windows-Security-Mitigations/Kernel Mode',
      'WinEventLog:Microsoft-Windows-Security-Mitigations/User Mode',
    ]);
    expect(w({ category: 'registry_event' }).requirements).toEqual([
      { name: 'WinEventLog:Sysmon', channel: 'EventCode=12, 13, 14' },
      { name: 'WinEventLog:Security', channel: 'EventCode=4657' },
    ]);
    expect(w({ category: 'ps_classic_start' }).requirements).toEqual([{ name: 'WinEventLog:PowerShell', channel: 'EventCode=400' }]);
    expect(w({ category: 'pipe_created' }).requirements).toEqual([{ name: 'WinEventLog:Sysmon', channel: 'EventCode=17, 18' }]);
    // The rule's own EventIDs do not narrow a category's Sysmon ids.
    expect(w({ category: 'process_creation' }, [1]).requirements[0]).toEqual({ name: 'WinEventLog:Sysmon', channel: 'EventCode=1' });
    // A service names the log even beside a category.
    expect(w({ category: 'process_creation', service: 'sysmon' }).requirements).toEqual([{ name: 'WinEventLog:Sysmon', channel: null }]);
    expect(w({ service: 'no-such-service' })).toEqual({ requirements: [], platforms: ['Windows'], mapped: false });
    expect(w({ category: 'antivirus' }).mapped).toBe(false);
    expect(sigmaNeeds({ product: 'linux', service: 'auditd' }, []).platforms).toEqual(['Linux']);
  });

  test('rule paths: exact, a directory, globs', () => {
    expect(pathMatcher('rules/windows')('rules/windows/builtin/a.yml')).toBe(true);
    expect(pathMatcher('rules/windows/')('rules/windows2/a.yml')).toBe(false);
    expect(pathMatcher('rules/windows')('rules/windows2/a.yml')).toBe(false);
    expect(pathMatcher('rules/a.yml')('rules/a.yml')).toBe(true);
    expect(pathMatcher('rules/*/a.yml')('rules/x/a.yml')).toBe(true);
    expect(pathMatcher('rules/*/a.yml')('rules/x/y/a.yml')).toBe(false);
    expect(pathMatcher('rules/**/proc_*.yml')('rules/proc_x.yml')).toBe(true);
    expect(pathMatcher('rules/**/proc_*.yml')('rules/a/b/proc_x.yml')).toBe(true);
    expect(pathMatcher('rules/**')('rules/a/b.yml')).toBe(true);
    expect(pathMatcher('**/*.yml')(null)).toBe(false);
  });

  test('rule selectors: keys AND, lists any-of, tags all-of', () => {
    const [r] = readSigmaText(
      rule('s', 'status: Test\nlevel: high\ntags:\n  - attack.execution\n  - attack.t1059\n'),
      'f',
      'rules/a/s.yml',
    ).rules;
    const yes = (s: Parameters<typeof ruleSelectorPredicate>[0]) => ruleSelectorPredicate(s)(r.rule);
    expect(yes({})).toBe(true);
    expect(yes({ status: ['stable', 'test'], levels: ['high'] })).toBe(true);
    expect(yes({ status: ['stable'] })).toBe(false);
    expect(yes({ tags: ['attack.execution', 'ATTACK.T1059'] })).toBe(true);
    expect(yes({ tags: ['attack.execution', 'attack.t1003'] })).toBe(false);
    expect(yes({ ids: ['s'], paths: ['rules/a'] })).toBe(true);
    expect(yes({ ids: ['s'], paths: ['rules/b'] })).toBe(false);
  });
});
