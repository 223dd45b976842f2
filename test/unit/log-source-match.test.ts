import {
  channelMembers,
  coveredBy,
  logName,
  logSourceKey,
  matchedMembers,
  matches,
  memberKey,
  PairIndex,
  WINDOWS_LOG_SPELLINGS,
} from '../../src/attack/log-source-match';

/** The matching rule of INVENTORY.md v1.1 ("Matching log sources by name and channel"), clause by clause, on the pure module. */
const key = logSourceKey;

describe('channel members', () => {
  test.each([
    ['EventCode=4103, 4104, 4105, 4106', ['EventCode=4103', 'EventCode=4104', 'EventCode=4105', 'EventCode=4106']],
    ['EventCode=3, 22', ['EventCode=3', 'EventCode=22']],
    ['EventCode=3,22', ['EventCode=3', 'EventCode=22']],
    ['  EventCode=4624 ,  4648  ', ['EventCode=4624', 'EventCode=4648']],
    ['open, write', ['open', 'write']],
    ['GetObject, CopyObject', ['GetObject', 'CopyObject']],
    ['http.log, ssl.log', ['http.log', 'ssl.log']],
    ['AssumeRole,AssumeRoleWithSAML,AssumeRoleWithWebIdentity', ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']],
  ])('a list: %j', (channel, members) => {
    expect(channelMembers(channel)).toEqual(members);
  });

  test.each([
    // free text is one member, itself (trimmed)
    ['verb=create, resource=cronjobs', 'verb=create, resource=cronjobs'],
    ['None', 'None'],
    ['  None  ', 'None'],
    // a value holding `=` or a space makes it free text
    ['EventCode=4778, EventCode=4779', 'EventCode=4778, EventCode=4779'],
    ['EventCode=5005 (WLAN), EventCode=302 (Bluetooth)', 'EventCode=5005 (WLAN), EventCode=302 (Bluetooth)'],
    ["eventMessage = 'open', 'sendto'", "eventMessage = 'open', 'sendto'"],
    ['erase flash:, erase startup-config', 'erase flash:, erase startup-config'],
    ['created,started: new container', 'created,started: new container'],
    // an empty value or token is not a list
    ['a,,b', 'a,,b'],
    ['EventCode=1,', 'EventCode=1,'],
    // the key is letters only
    ['Event_ID=1, 2', 'Event_ID=1, 2'],
  ])('one member: %j', (channel, member) => {
    expect(channelMembers(channel)).toEqual([member]);
  });

  test('a single value is a list of one; no channel (or a blank one) is every channel', () => {
    expect(channelMembers('EventCode=4104')).toEqual(['EventCode=4104']);
    expect(channelMembers('execve')).toEqual(['execve']);
    expect(channelMembers('/var/log/hostd.log')).toEqual(['/var/log/hostd.log']);
    expect(channelMembers(null)).toBeNull();
    expect(channelMembers(undefined)).toBeNull();
    expect(channelMembers('  ')).toBeNull();
  });

  test('members compare exactly, except the key before `=`', () => {
    expect(memberKey('eventcode=4104')).toBe(memberKey('EventCode=4104'));
    expect(memberKey('EVENTCODE=4104')).toBe('eventcode=4104');
    expect(memberKey('open')).not.toBe(memberKey('Open'));
    expect(memberKey('EventCode=4104a')).not.toBe(memberKey('EventCode=4104'));
    expect(memberKey('Verb=create, resource=cronjobs')).toBe(memberKey('verb=create, resource=cronjobs'));
    expect(memberKey('verb=create, Resource=cronjobs')).not.toBe(memberKey('verb=create, resource=cronjobs'));
    expect(matches(key('WinEventLog:Security', 'eventcode=4624'), key('WinEventLog:Security', 'EventCode=4624, 4648'))).toBe(true);
    expect(matches(key('auditd:SYSCALL', 'OPEN'), key('auditd:SYSCALL', 'open, write'))).toBe(false);
    expect(matches(key('WinEventLog:Security', 'EventCode=04624'), key('WinEventLog:Security', 'EventCode=4624'))).toBe(false);
  });
});

describe('names', () => {
  test('compare case-insensitively, trimmed', () => {
    expect(logName('WINEVENTLOG:security ')).toBe(logName('WinEventLog:Security'));
    expect(logName('AWS:CloudTrail')).toBe('aws:cloudtrail');
    expect(logName('WinEventLog:Security')).not.toBe(logName('WinEventLog:System'));
  });

  test('WinEventLog: and XmlWinEventLog: are the same prefix', () => {
    expect(logName('XmlWinEventLog:Security')).toBe(logName('WinEventLog:Security'));
    expect(logName('xmlwineventlog:System')).toBe(logName('WinEventLog:System'));
    // only as a prefix
    expect(logName('splunk:XmlWinEventLog:Security')).not.toBe(logName('WinEventLog:Security'));
  });

  test("the contract's spellings table, every row, with either prefix and any case", () => {
    const rows: [string, string[]][] = [
      ['WinEventLog:Sysmon', ['WinEventLog:Microsoft-Windows-Sysmon/Operational']],
      [
        'WinEventLog:PowerShell',
        [
          'WinEventLog:Microsoft-Windows-PowerShell/Operational',
          'WinEventLog:Windows PowerShell',
          'WinEventLog:PowerShellCore/Operational',
        ],
      ],
      ['WinEventLog:WMI', ['WinEventLog:Microsoft-Windows-WMI-Activity/Operational']],
      ['WinEventLog:TaskScheduler', ['WinEventLog:Microsoft-Windows-TaskScheduler/Operational']],
      ['WinEventLog:CodeIntegrity', ['WinEventLog:Microsoft-Windows-CodeIntegrity/Operational']],
      ['WinEventLog:Windows Defender', ['WinEventLog:Microsoft-Windows-Windows Defender/Operational']],
      ['WinEventLog:WinRM', ['WinEventLog:Microsoft-Windows-WinRM/Operational']],
      [
        'WinEventLog:AppLocker',
        [
          'WinEventLog:Microsoft-Windows-AppLocker/EXE and DLL',
          'WinEventLog:Microsoft-Windows-AppLocker/MSI and Script',
          'WinEventLog:Microsoft-Windows-AppLocker/Packaged app-Execution',
          'WinEventLog:Microsoft-Windows-AppLocker/Packaged app-Deployment',
        ],
      ],
      ['wineventlog:dhcp', ['WinEventLog:Microsoft-Windows-DHCP-Server/Operational']],
    ];
    for (const [attack, others] of rows) {
      for (const other of others) {
        for (const spelling of [other, other.replace('WinEventLog:', 'XmlWinEventLog:'), other.toUpperCase(), other.toLowerCase()]) {
          expect([spelling, logName(spelling)]).toEqual([spelling, logName(attack)]);
        }
      }
    }
    expect(logName('XmlWinEventLog:Microsoft-Windows-Sysmon/Operational')).toBe('wineventlog:sysmon');
    // the module's own table holds the contract's rows
    const table = new Map(WINDOWS_LOG_SPELLINGS.map(([a, o]) => [a, o]));
    for (const [attack, others] of rows) expect(table.get(attack)).toEqual(others);
  });

  test('the spellings beyond the contract', () => {
    expect(logName('WinEventLog:Microsoft-Windows-Shell-Core/Operational')).toBe(logName('WinEventLog:Microsoft-Windows-Shell-Core'));
    expect(logName('XmlWinEventLog:Microsoft-Windows-WLAN-AutoConfig/Operational')).toBe(
      logName('WinEventLog:Microsoft-Windows-WLAN-AutoConfig'),
    );
    expect(logName('WinEventLog:Microsoft-Windows-Kernel-Boot/Operational')).toBe(logName('WinEventLog:Microsoft-Windows-Kernel-Boot'));
    expect(logName('WinEventLog:Microsoft-IIS-Configuration/Operational')).toBe(logName('WinEventLog:Microsoft-IIS-Configuration'));
    expect(logName('WinEventLog:OAlerts')).toBe(logName('WinEventLog:Microsoft-Office-Alerts'));
    expect(logName('WinEventLog:Microsoft-Windows-Security-Mitigations/Kernel Mode')).toBe(
      logName('WinEventLog:Microsoft-Windows-Security-Mitigations/KernelMode'),
    );
    // a channel's full name without a prefix is not a Windows log name
    expect(logName('Microsoft-Windows-Sysmon/Operational')).not.toBe(logName('WinEventLog:Sysmon'));
  });
});

describe('a log source matches a pair', () => {
  const ps = key('WinEventLog:PowerShell', 'EventCode=4103, 4104, 4105, 4106');

  test('when the logs are the same and the member sets intersect; which members matched, as the pair writes them', () => {
    expect(matchedMembers(key('WinEventLog:PowerShell', 'EventCode=4104'), ps)).toEqual(['EventCode=4104']);
    expect(matchedMembers(key('XmlWinEventLog:Microsoft-Windows-PowerShell/Operational', 'eventcode=4104, 4106, 9999'), ps)).toEqual([
      'EventCode=4104',
      'EventCode=4106',
    ]);
    expect(matchedMembers(key('WinEventLog:PowerShell', 'EventCode=400'), ps)).toBeNull();
    expect(matchedMembers(key('WinEventLog:Security', 'EventCode=4104'), ps)).toBeNull();
    expect(matchedMembers(key('auditd:SYSCALL', 'write'), key('auditd:SYSCALL', 'open, write'))).toEqual(['write']);
    expect(
      matchedMembers(key('kubernetes:audit', 'verb=create, resource=cronjobs'), key('kubernetes:audit', 'verb=create, resource=cronjobs')),
    ).toEqual(['verb=create, resource=cronjobs']);
    expect(matchedMembers(key('kubernetes:audit', 'verb=create'), key('kubernetes:audit', 'verb=create, resource=cronjobs'))).toBeNull();
    expect(matchedMembers(key('esxi:hostd', 'None'), key('esxi:hostd', 'None'))).toEqual(['None']);
  });

  test('a log source without a channel stands for every channel of its name', () => {
    expect(matchedMembers(key('wineventlog:powershell', null), ps)).toEqual([
      'EventCode=4103',
      'EventCode=4104',
      'EventCode=4105',
      'EventCode=4106',
    ]);
    expect(matchedMembers(key('WinEventLog:Sysmon', undefined), key('WinEventLog:Sysmon', 'None'))).toEqual(['None']);
    expect(matchedMembers(key('WinEventLog:System', null), ps)).toBeNull();
  });

  test('an ATT&CK pair without a channel stands for every channel of its name', () => {
    expect(matchedMembers(key('macos:unifiedlog', 'process exec'), key('macOS:UnifiedLog', null))).toEqual([]);
    expect(matchedMembers(key('macos:unifiedlog', null), key('macOS:UnifiedLog', null))).toEqual([]);
    expect(matchedMembers(key('linux:syslog', 'x'), key('macOS:UnifiedLog', null))).toBeNull();
  });

  test('a pair says nothing new when other pairs match each of its members (release diffs)', () => {
    const single = key('WinEventLog:PowerShell', 'EventCode=4104');
    expect(coveredBy(single, [ps])).toBe(true);
    expect(coveredBy(ps, [single])).toBe(false);
    expect(
      coveredBy(ps, [
        single,
        key('xmlwineventlog:powershell', 'EventCode=4103, 4105'),
        key('WinEventLog:Windows PowerShell', 'eventcode=4106'),
      ]),
    ).toBe(true);
    expect(coveredBy(ps, [key('WinEventLog:PowerShell', null)])).toBe(true);
    expect(coveredBy(key('WinEventLog:PowerShell', null), [ps])).toBe(false);
    expect(coveredBy(key('WinEventLog:PowerShell', null), [key('WINEVENTLOG:POWERSHELL', null)])).toBe(true);
    expect(coveredBy(single, [])).toBe(false);
  });

  test('PairIndex finds the pairs a log source matches, as the pairwise rule does', () => {
    const pairs: [string, string | null][] = [
      ['WinEventLog:PowerShell', 'EventCode=4103, 4104, 4105, 4106'],
      ['WinEventLog:PowerShell', 'EventCode=4104'],
      ['WinEventLog:Sysmon', 'EventCode=3, 22'],
      ['WinEventLog:Microsoft-Windows-Sysmon/Operational', 'EventCode=22'],
      ['auditd:SYSCALL', 'open, write'],
      ['auditd:SYSCALL', 'execve'],
      ['macOS:UnifiedLog', null],
      ['kubernetes:audit', 'verb=create, resource=cronjobs'],
    ];
    const index = new PairIndex<number>();
    pairs.forEach(([n, c], i) => index.add(n, c, i));
    const sources: [string, string | null][] = [
      ['XmlWinEventLog:Microsoft-Windows-PowerShell/Operational', 'EventCode=4104'],
      ['WinEventLog:Sysmon', 'eventcode=22'],
      ['WinEventLog:Sysmon', null],
      ['auditd:syscall', 'write, execve'],
      ['macos:unifiedlog', 'anything'],
      ['kubernetes:audit', 'verb=create, resource=cronjobs'],
      ['nothing:here', null],
    ];
    for (const [n, c] of sources) {
      const expected = pairs
        .map((p, i) => [p, i] as const)
        .filter(([p]) => matches(key(n, c), key(p[0], p[1])))
        .map(([, i]) => i);
      expect([n, c, [...index.match(n, c)].sort()]).toEqual([n, c, expected]);
    }
    expect([...index.match('WinEventLog:Sysmon', 'eventcode=22')].sort()).toEqual([2, 3]);
  });
});
