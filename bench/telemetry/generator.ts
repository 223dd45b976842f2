import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { channelMembers, WINDOWS_LOG_SPELLINGS } from '../../src/attack/log-source-match';
import { random } from '../../test/support/random';
import { generateAssets, LOG_SOURCES } from '../inventory/generator';

/**
 * A Splunk tstats export (CSV) for the generated bench inventory (bench/inventory/generator.ts,
 * same seed and count): one row per host and event a host's collected log sources name, as a SIEM
 * would summarise them, plus what real exports hold: hosts spelled by FQDN or by upper-case id,
 * sources that went quiet weeks ago, some never sent, events nobody declared, and hosts the CMDB
 * lacks. Logs without a Splunk sourcetype of their own get a `bench:` one, named by a --map file.
 */

export interface GeneratedTelemetry {
  file: string;
  map: string;
  rows: number;
  unknownHosts: number;
  asOf: string;
}

const AS_OF = Date.UTC(2026, 10, 30, 23) / 1000;
const DAY = 86_400;
/** ATT&CK's Windows name -> the channel a Windows host writes (the first spelling of INVENTORY.md's table). */
const CHANNEL = new Map(WINDOWS_LOG_SPELLINGS.map(([name, others]) => [name.toLowerCase(), others[0].replace(/^WinEventLog:/, '')]));
const BUILTIN: Record<string, string> = {
  'linux:syslog': 'syslog',
  'aws:cloudtrail': 'aws:cloudtrail',
  'azure:activity': 'mscs:azure:audit',
};

interface Source {
  sourcetype: string;
  source: string;
  codes: string[];
}

function splunkSource(name: string, channel: string | undefined): Source {
  const members = channelMembers(channel) ?? [''];
  if (/^wineventlog:/i.test(name)) {
    const log = CHANNEL.get(name.toLowerCase()) ?? name.replace(/^WinEventLog:/i, '');
    return { sourcetype: 'XmlWinEventLog', source: `XmlWinEventLog:${log}`, codes: members.map((m) => m.replace(/^EventCode=/i, '')) };
  }
  if (/^auditd:/i.test(name))
    return { sourcetype: 'linux:audit', source: '/var/log/audit/audit.log', codes: [name.slice('auditd:'.length)] };
  const builtin = BUILTIN[name.toLowerCase()];
  if (builtin) return { sourcetype: builtin, source: builtin, codes: [''] };
  return { sourcetype: `bench:${name.toLowerCase()}`, source: 'bench', codes: members };
}

export async function generateTelemetry(dir: string, seed: number, count: number, dayOffset = 0): Promise<GeneratedTelemetry> {
  const rand = random(seed * 17 + 3 + dayOffset);
  const asOf = AS_OF + dayOffset * DAY;
  const byId = new Map(LOG_SOURCES.filter((l) => l.name).map((l) => [l.id, { ...l, splunk: splunkSource(l.name!, l.channel) }]));
  const file = join(dir, `telemetry-${dayOffset}.csv`);
  const out = createWriteStream(file);
  let chunk = 'host,source,sourcetype,EventCode,count,firstTime,lastTime\n';
  let rows = 0;
  const flush = async (force = false) => {
    if (chunk.length < 1 << 20 && !force) return;
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  };
  const row = (host: string, s: Source, code: string, stale: boolean) => {
    const last = asOf - (stale ? Math.floor((10 + rand() * 30) * DAY) : Math.floor(rand() * DAY));
    const first = last - Math.floor((20 + rand() * 40) * DAY);
    chunk += `${host},${s.source},${s.sourcetype},${code},${1 + Math.floor(rand() * 90_000)},${first},${last}\n`;
    rows += 1;
  };
  const seen = new Set<string>();
  for (const asset of generateAssets(seed, count)) {
    const host = rand() < 0.2 ? asset.id : asset.hostname;
    // One host in fifty has gone quiet entirely; one source in thirty was never set up right.
    const quietHost = rand() < 0.02;
    for (const id of asset.collects.keys()) {
      const ls = byId.get(id);
      if (!ls || rand() < 1 / 30) continue;
      const key = `${ls.splunk.source}|${ls.splunk.sourcetype}`;
      for (const code of ls.splunk.codes) {
        if (seen.has(`${key}|${code}`)) continue;
        seen.add(`${key}|${code}`);
        row(host, ls.splunk, code, quietHost || rand() < 0.03);
      }
    }
    seen.clear();
    if (asset.platforms.includes('Windows') && rand() < 0.05)
      row(host, splunkSource('WinEventLog:Security', 'EventCode=4698'), '4698', false);
    await flush();
  }
  let unknownHosts = 0;
  for (let i = 0; i < Math.ceil(count / 100); i += 1) {
    unknownHosts += 1;
    for (const code of ['4688', '4624'])
      row(`ghost-${String(i).padStart(6, '0')}.corp.example`, splunkSource('WinEventLog:Security', `EventCode=${code}`), code, false);
  }
  await flush(true);
  await new Promise((resolve) => out.end(resolve));

  const map = join(dir, 'telemetry-map.yaml');
  const entries = [
    ...new Map(
      [...byId.values()].filter((l) => l.splunk.sourcetype.startsWith('bench:')).map((l) => [l.splunk.sourcetype, l.name!]),
    ).entries(),
  ];
  writeFileSync(map, stringify({ version: 1, map: entries.map(([from, name]) => ({ from, format: 'splunk', name })) }));
  return { file, map, rows, unknownHosts, asOf: new Date(asOf * 1000).toISOString() };
}
