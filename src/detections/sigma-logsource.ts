import { productNeeds, ProductNeeds } from './sigma-products';

/**
 * What a Sigma rule needs collected, from its `logsource` and the EventID values of its
 * detection: DETECTIONS.md, "What a rule needs collected". The Windows part is the contract's
 * (normative, below); every other product goes to the project's table (./sigma-products.ts).
 */
export interface SigmaLogSource {
  product?: string | null;
  category?: string | null;
  service?: string | null;
}

/** The platforms of the products DETECTIONS.md names; other products' come with their table entry. */
const PRODUCT_PLATFORMS: Record<string, string[]> = { windows: ['Windows'], linux: ['Linux'], macos: ['macOS'] };

/** `service` -> ATT&CK's name for that Windows log (the contract's list). */
const ATTACK_SERVICE_NAMES: Record<string, string> = {
  security: 'WinEventLog:Security',
  system: 'WinEventLog:System',
  application: 'WinEventLog:Application',
  sysmon: 'WinEventLog:Sysmon',
  powershell: 'WinEventLog:PowerShell',
  'powershell-classic': 'WinEventLog:PowerShell',
  taskscheduler: 'WinEventLog:TaskScheduler',
  wmi: 'WinEventLog:WMI',
  'codeintegrity-operational': 'WinEventLog:CodeIntegrity',
  windefend: 'WinEventLog:Windows Defender',
  applocker: 'WinEventLog:AppLocker',
  dhcp: 'wineventlog:dhcp',
};

/**
 * pySigma's `windows_logsource_mapping` (sigma/pipelines/common.py, SigmaHQ/pySigma): the other
 * services, each the channel(s) it reads. A rule of one of these needs `WinEventLog:<channel>`.
 */
const PYSIGMA_SERVICE_CHANNELS: Record<string, string[]> = {
  'dns-server': ['DNS Server'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  'msexchange-management': ['MSExchange Management'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client'],
  ldap_debug: ['Microsoft-Windows-LDAP-Client/Debug'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
};

/** pySigma-pipeline-sysmon: category -> the Sysmon event ids it reads. */
const SYSMON_CATEGORY_IDS: Record<string, number[]> = {
  process_creation: [1],
  file_change: [2],
  network_connection: [3],
  sysmon_status: [4, 16],
  process_termination: [5],
  driver_load: [6],
  image_load: [7],
  create_remote_thread: [8],
  raw_access_thread: [9],
  process_access: [10],
  file_event: [11],
  registry_add: [12],
  registry_delete: [12],
  registry_set: [13],
  registry_rename: [14],
  registry_event: [12, 13, 14],
  create_stream_hash: [15],
  pipe_created: [17, 18],
  wmi_event: [19, 20, 21],
  dns_query: [22],
  file_delete: [23],
  clipboard_capture: [24],
  process_tampering: [25],
  file_delete_detected: [26],
  file_block_executable: [27],
  file_block_shredding: [28],
  file_executable_detected: [29],
};

/** Categories the built-in Windows logs also record (the contract's list): alternatives beside Sysmon. */
const BUILTIN_CATEGORY: Record<string, { name: string; ids: number[] }> = {
  process_creation: { name: 'WinEventLog:Security', ids: [4688] },
  registry_add: { name: 'WinEventLog:Security', ids: [4657] },
  registry_set: { name: 'WinEventLog:Security', ids: [4657] },
  registry_delete: { name: 'WinEventLog:Security', ids: [4657] },
  registry_event: { name: 'WinEventLog:Security', ids: [4657] },
  ps_module: { name: 'WinEventLog:PowerShell', ids: [4103] },
  ps_script: { name: 'WinEventLog:PowerShell', ids: [4104] },
  ps_classic_start: { name: 'WinEventLog:PowerShell', ids: [400] },
  ps_classic_provider_start: { name: 'WinEventLog:PowerShell', ids: [600] },
  ps_classic_script: { name: 'WinEventLog:PowerShell', ids: [800] },
};

const eventCodes = (ids: readonly number[]) => (ids.length ? `EventCode=${ids.join(', ')}` : null);

/** A Windows rule's needs; null when the contract and pySigma's tables do not name its log. */
function windowsNeeds(logsource: SigmaLogSource, eventIds: readonly number[]): ProductNeeds | null {
  const platforms = PRODUCT_PLATFORMS.windows;
  const service = logsource.service?.toLowerCase();
  if (service) {
    const names = ATTACK_SERVICE_NAMES[service]
      ? [ATTACK_SERVICE_NAMES[service]]
      : (PYSIGMA_SERVICE_CHANNELS[service] ?? []).map((c) => `WinEventLog:${c}`);
    if (!names.length) return null;
    return { requirements: names.map((name) => ({ name, channel: eventCodes(eventIds) })), platforms };
  }
  const category = logsource.category?.toLowerCase();
  if (!category) return null;
  const requirements: ProductNeeds['requirements'] = [];
  if (SYSMON_CATEGORY_IDS[category]) requirements.push({ name: 'WinEventLog:Sysmon', channel: eventCodes(SYSMON_CATEGORY_IDS[category]) });
  const builtin = BUILTIN_CATEGORY[category];
  if (builtin) requirements.push({ name: builtin.name, channel: eventCodes(builtin.ids) });
  return requirements.length ? { requirements, platforms } : null;
}

export interface RuleNeeds {
  requirements: { name: string; channel: string | null }[];
  platforms: string[];
  /** The project maps its log source: false means the rule fires nowhere. */
  mapped: boolean;
}

/** What a Sigma rule needs and where it runs. Unmapped rules keep the platforms their product names. */
export function sigmaNeeds(logsource: SigmaLogSource, eventIds: readonly number[]): RuleNeeds {
  const product = logsource.product?.toLowerCase() ?? null;
  const needs = product === 'windows' ? windowsNeeds(logsource, eventIds) : productNeeds(logsource);
  if (needs) return { ...needs, mapped: needs.requirements.length > 0 };
  return { requirements: [], platforms: product ? (PRODUCT_PLATFORMS[product] ?? []) : [], mapped: false };
}
