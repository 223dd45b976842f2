import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../../src/config';
import { logSourceKey, matchedMembers } from '../../src/attack/log-source-match';
import { sigmaNeeds } from '../../src/detections/sigma-logsource';
import { productEntry, productNeeds, SIGMA_PRODUCT_TABLE, SigmaProductEntry } from '../../src/detections/sigma-products';
import { sharedBundle, sharedDir, testWithShared } from '../support/shared';

/** The Sigma log source table for products other than Windows: pure, no database. */

describe('productNeeds: a sample of the table', () => {
  test.each([
    [{ product: 'aws', service: 'cloudtrail' }, [['AWS:CloudTrail', null]], ['IaaS']],
    [{ product: 'AWS', service: 'CloudTrail', category: null }, [['AWS:CloudTrail', null]], ['IaaS']],
    [{ product: 'm365', service: 'threat_management' }, [['m365:unified', null]], ['Office Suite']],
    [
      { product: 'okta', service: 'okta' },
      [
        ['Okta:SystemLog', null],
        ['saas:okta', null],
      ],
      ['Identity Provider'],
    ],
    [{ product: 'azure', service: 'signinlogs' }, [['azure:signinlogs', null]], ['IaaS', 'Identity Provider']],
    [{ product: 'gcp', service: 'gcp.audit' }, [['gcp:audit', null]], ['IaaS']],
    [{ product: 'github', service: 'audit' }, [['saas:github', null]], ['SaaS']],
    [{ product: 'zeek', service: 'dns' }, [['NSM:Flow', 'dns.log']], ['Windows', 'Linux', 'macOS', 'Network Devices']],
    [{ category: 'proxy' }, [['NSM:Flow', 'http.log']], ['Windows', 'Linux', 'macOS', 'Network Devices']],
    [
      { product: 'linux', category: 'process_creation' },
      [
        ['linux:Sysmon', 'EventCode=1'],
        ['auditd:SYSCALL', 'execve'],
        ['auditd:EXECVE', null],
        ['linux:osquery', 'process_events'],
      ],
      ['Linux'],
    ],
    [
      { product: 'linux', category: 'network_connection' },
      [
        ['linux:Sysmon', 'EventCode=3'],
        ['auditd:SYSCALL', 'connect'],
      ],
      ['Linux'],
    ],
    [
      { product: 'linux', service: 'sshd' },
      [
        ['linux:syslog', null],
        ['linux:auth', null],
      ],
      ['Linux'],
    ],
    [{ product: 'linux' }, [['linux:syslog', null]], ['Linux']],
    [
      { product: 'macos', category: 'process_creation' },
      [
        ['macos:endpointsecurity', 'ES_EVENT_TYPE_NOTIFY_EXEC'],
        ['macos:osquery', 'process_events'],
      ],
      ['macOS'],
    ],
  ])('%j', (logsource, requirements, platforms) => {
    expect(productNeeds(logsource)).toEqual({ requirements: requirements.map(([name, channel]) => ({ name, channel })), platforms });
  });

  test('linux auditd: any auditd record type ATT&CK names', () => {
    const needs = productNeeds({ product: 'linux', service: 'auditd' })!;
    expect(needs.platforms).toEqual(['Linux']);
    expect(needs.requirements.map((r) => r.name)).toEqual(
      expect.arrayContaining(['auditd:SYSCALL', 'auditd:EXECVE', 'auditd:PATH', 'auditd:CONFIG_CHANGE']),
    );
    expect(needs.requirements.every((r) => r.channel === null)).toBe(true);
  });

  test('unmapped: no entry, an entry ATT&CK names no log for, and Windows (the normative table of DETECTIONS.md)', () => {
    expect(productNeeds({ product: 'paloalto', category: 'appliance', service: 'globalprotect' })).toBeNull();
    expect(productNeeds({ product: 'azure', service: 'riskdetection' })).toBeNull();
    expect(productNeeds({ product: 'linux', category: 'some_new_category' })).toBeNull();
    expect(productNeeds({ product: 'nobody-knows' })).toBeNull();
    expect(productNeeds({ product: 'windows', service: 'security' })).toBeNull();
    expect(productNeeds({ product: 'windows', category: 'process_creation' })).toBeNull();
  });

  test('a copy: changing the answer leaves the table as it was', () => {
    productNeeds({ product: 'aws', service: 'cloudtrail' })!.requirements.push({ name: 'x', channel: null });
    expect(productNeeds({ product: 'aws', service: 'cloudtrail' })!.requirements).toHaveLength(1);
  });
});

/** The section "Sigma log source table" of docs/detections.md, its table rows parsed back into entries. */
function documentedTable() {
  const docs = readFileSync(join(projectRoot, 'docs', 'detections.md'), 'utf8');
  const start = docs.indexOf('## Sigma log source table');
  const section = docs.slice(start, docs.indexOf('\n## ', start + 1) === -1 ? undefined : docs.indexOf('\n## ', start + 1));
  const cell = (v: string) => (v === 'any' ? undefined : v === 'none' ? null : v.replace(/^`|`$/g, ''));
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| product') && !l.startsWith('|---'))
    .map((l) => l.slice(2, -2).split(' | '));
  return {
    section,
    entries: rows.map(([product, category, service, requirements, platforms, source]) => ({
      product: cell(product),
      category: cell(category),
      service: cell(service),
      requirements:
        requirements === 'unmapped'
          ? []
          : requirements.split('; ').map((r) => {
              const m = /^\(`(.+)`, `(.+)`\)$/.exec(r);
              return m ? { name: m[1], channel: m[2] } : { name: r.replace(/^`|`$/g, ''), channel: null };
            }),
      platforms: platforms === '—' ? [] : platforms.split(', '),
      source,
    })),
  };
}

const withoutUndefined = (e: SigmaProductEntry) => JSON.parse(JSON.stringify(e)) as unknown;

test('docs/detections.md lists exactly the table, each entry with its source', () => {
  const { entries } = documentedTable();
  expect(entries.map((e) => JSON.parse(JSON.stringify(e)) as unknown)).toEqual(SIGMA_PRODUCT_TABLE.map(withoutUndefined));
  expect(SIGMA_PRODUCT_TABLE.every((e) => e.source.length > 10)).toBe(true);
});

testWithShared("every requirement is a name ATT&CK 18.1's analytics use, and its channel one of theirs (or a Sysmon event id)", () => {
  const pairs = sharedBundle('enterprise-attack-18.1')
    .objects.filter((o) => o.type === 'x-mitre-analytic')
    .flatMap((o) => (o.x_mitre_log_source_references as { name: string; channel?: string | null }[] | undefined) ?? [])
    .map((l) => logSourceKey(l.name, l.channel));
  const problems: string[] = [];
  for (const entry of SIGMA_PRODUCT_TABLE) {
    for (const r of entry.requirements) {
      const key = logSourceKey(r.name, r.channel);
      const sameLog = pairs.filter((p) => p.log === key.log);
      if (!sameLog.length) problems.push(`${r.name}: no ATT&CK 18.1 analytic names it`);
      else if (r.channel && !/^EventCode=\d+$/.test(r.channel) && !sameLog.some((p) => matchedMembers(key, p)?.length))
        problems.push(`${r.name} ${r.channel}: no ATT&CK 18.1 pair of that name has the channel`);
    }
  }
  expect(problems).toEqual([]);
});

/** Every Sigma rule of ../shared/sigma: its logsource, read with the yaml package (not the detections importer). */
function sharedRules() {
  const rules: { path: string; product?: string; category?: string; service?: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e.name))
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          const rule = doc.toJS() as { logsource?: Record<string, string>; detection?: unknown } | null;
          if (rule?.logsource && rule.detection) rules.push({ path, ...rule.logsource });
        }
    }
  };
  walk(join(sharedDir, 'sigma'));
  return rules;
}

/** DETECTIONS.md's Windows categories (the Sysmon table and the built-in logs). */
const WINDOWS_CATEGORIES = new Set(
  'process_creation file_change network_connection sysmon_status process_termination driver_load image_load create_remote_thread raw_access_thread process_access file_event registry_add registry_delete registry_set registry_rename registry_event create_stream_hash pipe_created wmi_event dns_query file_delete clipboard_capture process_tampering file_delete_detected file_block_executable file_block_shredding file_executable_detected ps_module ps_script ps_classic_start ps_classic_provider_start ps_classic_script'.split(
    ' ',
  ),
);

testWithShared('every (product, category, service) of ../shared/sigma maps or is listed as unmapped, and the docs state the count', () => {
  const rules = sharedRules();
  const { section } = documentedTable();
  const key = (r: { product?: string; category?: string; service?: string }) =>
    `${r.product ?? '-'}/${r.category ?? '-'}/${r.service ?? '-'}`;
  const windows = rules.filter((r) => r.product?.toLowerCase() === 'windows');
  const others = rules.filter((r) => r.product?.toLowerCase() !== 'windows');
  const unlisted = [...new Set(others.filter((r) => !productEntry(r)).map(key))];
  expect(unlisted).toEqual([]);
  // Windows is mapped by the importer's Windows table (DETECTIONS.md's normative part and pySigma's services), as import reports it.
  const windowsMapped = windows.filter((r) => sigmaNeeds(r, []).mapped).length;
  // Every rule naming one of DETECTIONS.md's categories is mapped; the unmapped Windows rules are those the docs list.
  expect(windows.filter((r) => r.category && WINDOWS_CATEGORIES.has(r.category) && !sigmaNeeds(r, []).mapped)).toEqual([]);
  const windowsUnmapped = [...new Set(windows.filter((r) => !sigmaNeeds(r, []).mapped).map(key))].sort();
  for (const k of windowsUnmapped) expect(section).toContain(`\`${k}\``);
  const othersMapped = others.filter((r) => productNeeds(r)).length;
  const figures = `${rules.length} rules: ${windowsMapped + othersMapped} mapped (${windowsMapped} of ${windows.length} Windows, ${othersMapped} of ${others.length} other)`;
  expect(section).toContain(figures);
  const unmappedKeys = [...new Set(others.filter((r) => !productNeeds(r)).map(key))].sort();
  for (const k of unmappedKeys) expect(section).toContain(`\`${k}\``);
});
