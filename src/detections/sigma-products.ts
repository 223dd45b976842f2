/**
 * The Sigma log source table for every product but Windows (DETECTIONS.md, "What a rule needs
 * collected": the project maps them to ATT&CK's log source names where ATT&CK has one, documents
 * its table and marks the rest unmapped). Windows is DETECTIONS.md's own, normative table, read by
 * the detections importer; this table has no Windows entry. docs/detections.md, "Sigma log source
 * table", lists every entry with its source (test/unit/sigma-products.test.ts holds the two equal).
 *
 * Every name below is one ATT&CK 18.1's analytics use (x_mitre_log_source_references); a channel
 * is one they use too, or a Sysmon event id under ATT&CK's Sysmon name, or null (the whole log,
 * which any source of that log matches). Requirements are alternatives: a rule fires where one of
 * them is collected.
 */

export interface Requirement {
  name: string;
  channel: string | null;
}

export interface ProductNeeds {
  requirements: Requirement[];
  platforms: string[];
}

/** A Sigma logsource pattern: a value must be equal (case-insensitive); null: absent; omitted: anything. */
export interface LogsourcePattern {
  product?: string | null;
  category?: string | null;
  service?: string | null;
}

export interface SigmaProductEntry extends LogsourcePattern {
  /** Empty: unmapped (ATT&CK names no log for it); the rule is reported and fires nowhere. */
  requirements: Requirement[];
  platforms: string[];
  /** Where the entry comes from, as docs/detections.md cites it. */
  source: string;
}

const need = (name: string, channel: string | null = null): Requirement => ({ name, channel });
/** The auditd record types ATT&CK 18.1's analytics name as `auditd:<TYPE>` (USER_CMD only in its data components). */
const auditd = ['SYSCALL', 'EXECVE', 'PATH', 'FILE', 'CONFIG_CHANGE', 'PROCTITLE', 'USER_LOGIN', 'MMAP', 'AUTH'].map((t) =>
  need(`auditd:${t}`),
);
const HOSTS = ['Windows', 'Linux', 'macOS'];
/** Network sensors see the hosts' traffic; ATT&CK 18.1's analytics name NSM:Flow for these platforms. */
const NETWORK = [...HOSTS, 'Network Devices'];
/** Zeek's logs: ATT&CK 18.1 names some as NSM:Flow channels (conn.log, dns.log, http.log, ...); the others as the whole of NSM:Flow. */
const zeek = (service: string, named: boolean): SigmaProductEntry => ({
  product: 'zeek',
  service,
  requirements: [need('NSM:Flow', named ? `${service}.log` : null)],
  platforms: NETWORK,
  source: `pySigma-backend-elasticsearch \`ecs_zeek_beats\` (Zeek's ${service}.log, \`event.dataset: zeek.${service}\`); ATT&CK 18.1 ${named ? `(NSM:Flow, ${service}.log)` : `NSM:Flow (no channel of it names ${service}.log)`}`,
});
const unmapped = (pattern: LogsourcePattern, platforms: string[], why: string): SigmaProductEntry => ({
  ...pattern,
  requirements: [],
  platforms,
  source: `unmapped: ${why}`,
});

export const SIGMA_PRODUCT_TABLE: readonly SigmaProductEntry[] = [
  // Linux
  {
    product: 'linux',
    service: 'auditd',
    requirements: auditd,
    platforms: ['Linux'],
    source:
      "SigmaHQ rules/linux/auditd (select on auditd's `type`: SYSCALL, EXECVE, PATH, ...); ATT&CK 18.1 names auditd by record type (auditd:SYSCALL, ...): any of them, as the telemetry tables read auditd (docs/telemetry.md)",
  },
  {
    product: 'linux',
    category: 'process_creation',
    requirements: [
      need('linux:Sysmon', 'EventCode=1'),
      need('auditd:SYSCALL', 'execve'),
      need('auditd:EXECVE'),
      need('linux:osquery', 'process_events'),
    ],
    platforms: ['Linux'],
    source:
      "pySigma `logsource_linux_process_creation`; SigmaHQ's linux process_creation rules use Sysmon for Linux fields (EventID 1); ATT&CK 18.1 (linux:Sysmon, EventCode=1), (auditd:SYSCALL, execve), auditd:EXECVE, (linux:osquery, process_events)",
  },
  {
    product: 'linux',
    category: 'file_event',
    requirements: [need('linux:Sysmon', 'EventCode=11'), need('auditd:PATH'), need('linux:osquery', 'file_events')],
    platforms: ['Linux'],
    source:
      'SigmaHQ rules/linux/file_event (Sysmon for Linux EventID 11); ATT&CK 18.1 names linux:Sysmon, auditd:PATH, (linux:osquery, file_events)',
  },
  {
    product: 'linux',
    category: 'file_create',
    requirements: [need('linux:Sysmon', 'EventCode=11'), need('auditd:PATH'), need('linux:osquery', 'file_events')],
    platforms: ['Linux'],
    source: 'pySigma `logsource_linux_file_create`; as file_event',
  },
  {
    product: 'linux',
    category: 'file_delete',
    requirements: [need('linux:Sysmon', 'EventCode=23'), need('auditd:PATH')],
    platforms: ['Linux'],
    source: 'Sysmon for Linux EventID 23 (FileDelete); ATT&CK 18.1 names linux:Sysmon, auditd:PATH',
  },
  {
    product: 'linux',
    category: 'network_connection',
    requirements: [need('linux:Sysmon', 'EventCode=3'), need('auditd:SYSCALL', 'connect')],
    platforms: ['Linux'],
    source:
      'pySigma `logsource_linux_network_connection`; SigmaHQ rules/linux/network_connection (Sysmon for Linux EventID 3); ATT&CK 18.1 (linux:Sysmon, EventCode=3, 22), (auditd:SYSCALL, connect)',
  },
  ...['auth', 'sshd', 'sudo', 'su'].map((service): SigmaProductEntry => ({
    product: 'linux',
    service,
    requirements: [need('linux:syslog'), need('linux:auth')],
    platforms: ['Linux'],
    source: `SigmaHQ rules/linux/builtin (service ${service}: /var/log/auth.log, secure); ATT&CK 18.1 linux:syslog, linux:auth`,
  })),
  ...['syslog', 'cron', 'clamav', 'guacamole', 'vsftpd', 'modsecurity'].map((service): SigmaProductEntry => ({
    product: 'linux',
    service,
    requirements: [need('linux:syslog')],
    platforms: ['Linux'],
    source: `SigmaHQ rules/linux/builtin (service ${service}, written to syslog); ATT&CK 18.1 linux:syslog`,
  })),
  {
    product: 'linux',
    category: null,
    service: null,
    requirements: [need('linux:syslog')],
    platforms: ['Linux'],
    source: 'SigmaHQ rules/linux/builtin (keyword rules over the system log, no service); ATT&CK 18.1 linux:syslog',
  },
  // macOS
  {
    product: 'macos',
    category: 'process_creation',
    requirements: [need('macos:endpointsecurity', 'ES_EVENT_TYPE_NOTIFY_EXEC'), need('macos:osquery', 'process_events')],
    platforms: ['macOS'],
    source:
      "SigmaHQ rules/macos/process_creation (EDR / Endpoint Security exec events); ATT&CK 18.1's pairs (macos:endpointsecurity, ES_EVENT_TYPE_NOTIFY_EXEC), (macos:osquery, process_events)",
  },
  {
    product: 'macos',
    category: 'file_event',
    requirements: [need('macos:osquery', 'file_events'), need('fs:fsevents')],
    platforms: ['macOS'],
    source: "SigmaHQ rules/macos/file_event; ATT&CK 18.1's (macos:osquery, file_events), fs:fsevents",
  },
  {
    product: 'macos',
    category: 'network_connection',
    requirements: [need('macos:osquery', 'socket_events')],
    platforms: ['macOS'],
    source: "ATT&CK 18.1's (macos:osquery, socket_events)",
  },
  // Cloud
  {
    product: 'aws',
    service: 'cloudtrail',
    requirements: [need('AWS:CloudTrail')],
    platforms: ['IaaS'],
    source:
      'SigmaHQ rules/cloud/aws/cloudtrail; pySigma-backend-elasticsearch / Splunk `aws:cloudtrail`; ATT&CK 18.1 AWS:CloudTrail; DETECTIONS.md (aws: IaaS)',
  },
  {
    product: 'azure',
    service: 'activitylogs',
    requirements: [need('azure:activity')],
    platforms: ['IaaS'],
    source:
      'SigmaHQ rules/cloud/azure/activity_logs (AzureActivity table, pySigma-backend-kusto); ATT&CK 18.1 azure:activity; DETECTIONS.md (azure: IaaS)',
  },
  {
    product: 'azure',
    service: 'auditlogs',
    requirements: [need('azure:audit')],
    platforms: ['IaaS', 'Identity Provider'],
    source:
      "SigmaHQ rules/cloud/azure/audit_logs (Entra ID AuditLogs table, pySigma-backend-kusto); ATT&CK 18.1 azure:audit, whose analytics are Identity Provider's; DETECTIONS.md (azure: IaaS)",
  },
  {
    product: 'azure',
    service: 'signinlogs',
    requirements: [need('azure:signinlogs')],
    platforms: ['IaaS', 'Identity Provider'],
    source:
      "SigmaHQ rules/cloud/azure/signin_logs (SigninLogs table, pySigma-backend-kusto `azure_monitor`); ATT&CK 18.1 azure:signinlogs, whose analytics are Identity Provider's; DETECTIONS.md (azure: IaaS)",
  },
  {
    product: 'azure',
    service: 'pim',
    requirements: [need('azure:audit')],
    platforms: ['IaaS', 'Identity Provider'],
    source:
      'SigmaHQ rules/cloud/azure/privileged_identity_management (PIM writes role changes to the Entra ID audit log); ATT&CK 18.1 azure:audit ("Add member to role")',
  },
  unmapped(
    { product: 'azure', service: 'riskdetection' },
    ['IaaS', 'Identity Provider'],
    'Entra ID Identity Protection risk detections; ATT&CK 18.1 names no such log',
  ),
  unmapped(
    { product: 'azure', service: 'identityprotection' },
    ['IaaS', 'Identity Provider'],
    'Entra ID Identity Protection alerts; ATT&CK 18.1 names no such log',
  ),
  {
    product: 'gcp',
    service: 'gcp.audit',
    requirements: [need('gcp:audit')],
    platforms: ['IaaS'],
    source: 'SigmaHQ rules/cloud/gcp/audit; Elastic `gcp.audit` (docs/telemetry.md); ATT&CK 18.1 gcp:audit; DETECTIONS.md (gcp: IaaS)',
  },
  {
    product: 'gcp',
    service: 'google_workspace.admin',
    requirements: [need('saas:googleworkspace')],
    platforms: ['Office Suite', 'SaaS'],
    source:
      "SigmaHQ rules/cloud/gcp/gworkspace (Google Workspace admin activity); ATT&CK 18.1 saas:googleworkspace (its analytics are SaaS's; Workspace is ATT&CK's Office Suite)",
  },
  {
    product: 'm365',
    service: 'audit',
    requirements: [need('m365:unified')],
    platforms: ['Office Suite'],
    source:
      'SigmaHQ rules/cloud/m365/audit (unified audit log); Splunk `o365:management:activity`, Sentinel OfficeActivity (docs/telemetry.md); ATT&CK 18.1 m365:unified; DETECTIONS.md (m365: Office Suite)',
  },
  {
    product: 'm365',
    service: 'exchange',
    requirements: [need('m365:exchange'), need('m365:unified')],
    platforms: ['Office Suite'],
    source:
      'SigmaHQ rules/cloud/m365/exchange (Exchange admin audit, also in the unified audit log); ATT&CK 18.1 m365:exchange, m365:unified',
  },
  ...['threat_management', 'threat_detection'].map((service): SigmaProductEntry => ({
    product: 'm365',
    service,
    requirements: [need('m365:unified')],
    platforms: ['Office Suite'],
    source: `SigmaHQ rules/cloud/m365/${service} (Security & Compliance alerts, read from the Office 365 Management Activity API, i.e. the unified audit log); ATT&CK 18.1 m365:unified`,
  })),
  {
    product: 'okta',
    service: 'okta',
    requirements: [need('Okta:SystemLog'), need('saas:okta')],
    platforms: ['Identity Provider'],
    source:
      'SigmaHQ rules/cloud/okta (Okta System Log); Splunk `oktaim2:log`, Elastic `okta.system` (docs/telemetry.md); ATT&CK 18.1 Okta:SystemLog and saas:okta; DETECTIONS.md (okta: Identity Provider)',
  },
  unmapped(
    { product: 'onelogin', service: 'onelogin.events' },
    ['Identity Provider'],
    'OneLogin events; ATT&CK 18.1 names no OneLogin log',
  ),
  {
    product: 'github',
    service: 'audit',
    requirements: [need('saas:github')],
    platforms: ['SaaS'],
    source: 'SigmaHQ rules/cloud/github (GitHub audit log); ATT&CK 18.1 saas:github (SaaS analytics)',
  },
  unmapped({ product: 'bitbucket', service: 'audit' }, ['SaaS'], 'Bitbucket audit log; ATT&CK 18.1 names no Bitbucket log'),
  {
    product: 'kubernetes',
    service: 'audit',
    requirements: [need('kubernetes:audit')],
    platforms: ['Containers'],
    source:
      'SigmaHQ rules/application/kubernetes/audit; pySigma-backend-elasticsearch `ecs_kubernetes`; ATT&CK 18.1 kubernetes:audit (Containers)',
  },
  // Network
  ...['conn', 'dns', 'http', 'smb_files', 'x509', 'ssl', 'ftp', 'smtp'].map((s) => zeek(s, true)),
  ...['dce_rpc', 'kerberos', 'rdp', 'ssh', 'notice'].map((s) => zeek(s, false)),
  {
    category: 'dns',
    requirements: [need('NSM:Flow', 'dns.log'), need('dns:query')],
    platforms: NETWORK,
    source: 'pySigma-backend-elasticsearch `ecs_zeek_beats` (category dns -> Zeek dns); ATT&CK 18.1 (NSM:Flow, dns.log), dns:query',
  },
  {
    category: 'firewall',
    requirements: [need('NSM:Flow', 'conn.log'), need('NSM:Firewall')],
    platforms: NETWORK,
    source:
      'pySigma-backend-elasticsearch `ecs_zeek_beats` (category firewall -> Zeek conn); ATT&CK 18.1 (NSM:Flow, conn.log), NSM:Firewall',
  },
  {
    category: 'proxy',
    requirements: [need('NSM:Flow', 'http.log')],
    platforms: NETWORK,
    source: 'pySigma-backend-elasticsearch `ecs_zeek_beats` (category proxy -> Zeek http); ATT&CK 18.1 (NSM:Flow, http.log, ftp.log)',
  },
  {
    category: 'webserver',
    requirements: [need('ApplicationLog:WebServer'), need('apache:access_log'), need('ApplicationLog:IIS'), need('NSM:Flow', 'http.log')],
    platforms: ['Linux', 'Windows'],
    source:
      'SigmaHQ rules/web/webserver_generic (access logs); pySigma-backend-elasticsearch `ecs_zeek_beats` (webserver -> Zeek http); ATT&CK 18.1 ApplicationLog:WebServer, apache:access_log (Linux), ApplicationLog:IIS (Windows)',
  },
  {
    category: 'antivirus',
    requirements: [need('EDR:detection')],
    platforms: HOSTS,
    source: 'SigmaHQ rules/category/antivirus (AV / EDR detections); ATT&CK 18.1 (EDR:detection, ThreatDetected, QuarantineLog)',
  },
  ...['aaa'].map((service): SigmaProductEntry => ({
    product: 'cisco',
    service,
    requirements: [need('networkdevice:cli')],
    platforms: ['Network Devices'],
    source: 'SigmaHQ rules/network/cisco/aaa (command accounting); ATT&CK 18.1 (networkdevice:cli, command logging)',
  })),
  ...(['cisco', 'juniper', 'huawei'] as const).flatMap((product) =>
    ['bgp', 'ldp', 'syslog'].map((service): SigmaProductEntry => ({
      product,
      service,
      requirements: [need('networkdevice:syslog')],
      platforms: ['Network Devices'],
      source: `SigmaHQ rules/network/${product} (${service} messages in the device's syslog); ATT&CK 18.1 networkdevice:syslog`,
    })),
  ),
  unmapped({ product: 'paloalto' }, ['Network Devices'], 'Palo Alto appliance logs (GlobalProtect, ...); ATT&CK 18.1 names no such log'),
  unmapped({ product: 'fortios' }, ['Network Devices'], 'FortiOS logs; ATT&CK 18.1 names no such log'),
  unmapped({ product: 'cisco', service: 'duo' }, ['Identity Provider'], 'Cisco Duo; ATT&CK 18.1 names no such log'),
  // Applications: ATT&CK 18.1 names their logs only as free text ("Application Log", PRE) or not at all.
  ...['django', 'python', 'ruby_on_rails', 'spring', 'jvm', 'nodejs', 'sql', 'velocity', 'opencanary', 'rpc_firewall', 'qualys'].map(
    (product) => unmapped({ product }, [], `application logs of ${product} (SigmaHQ rules/application); ATT&CK 18.1 names no log for them`),
  ),
  unmapped({ category: 'application' }, [], 'generic application logs; ATT&CK 18.1 names no such log'),
  unmapped(
    { category: 'database' },
    [],
    'database audit logs; ATT&CK 18.1 names them only as free text (ApplicationLogs:SQL, one analytic)',
  ),
];

const same = (want: string | null | undefined, have: string | null | undefined) =>
  want === undefined || (want === null ? !have : !!have && want.toLowerCase() === have.toLowerCase());
const specificity = (e: LogsourcePattern) => [e.product, e.category, e.service].filter((v) => v !== undefined).length;

/** The table's entry for a logsource: the most specific that matches (ties: the first). */
export function productEntry(logsource: LogsourcePattern): SigmaProductEntry | null {
  let best: SigmaProductEntry | null = null;
  for (const entry of SIGMA_PRODUCT_TABLE) {
    if (!same(entry.product, logsource.product) || !same(entry.category, logsource.category) || !same(entry.service, logsource.service))
      continue;
    if (!best || specificity(entry) > specificity(best)) best = entry;
  }
  return best;
}

/** What a non-Windows Sigma rule needs collected and where it is deployed; null: unmapped (no entry, or one ATT&CK names no log for). */
export function productNeeds(logsource: {
  product?: string | null;
  category?: string | null;
  service?: string | null;
}): { requirements: { name: string; channel: string | null }[]; platforms: string[] } | null {
  // Windows is DETECTIONS.md's normative table, not this one.
  if (logsource.product?.toLowerCase() === 'windows') return null;
  const entry = productEntry(logsource);
  if (!entry?.requirements.length) return null;
  return { requirements: entry.requirements.map((r) => ({ ...r })), platforms: [...entry.platforms] };
}
