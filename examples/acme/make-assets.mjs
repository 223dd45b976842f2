// Writes assets.csv, Acme's CMDB export: `node examples/acme/make-assets.mjs > examples/acme/assets.csv`.
// Deterministic (no randomness), so the committed file is what this prints.
const units = ['Finance', 'Sales', 'Engineering', 'HR', 'Operations'];
const sites = ['emea', 'amer'];
const rows = [];
const add = (id, hostname, platforms, os, unit, env, criticality, tags) =>
  rows.push([id, hostname, platforms.join(';'), os, unit, env, criticality, tags.join(';')].join(','));
const pad = (n) => String(n).padStart(3, '0');

for (let i = 1; i <= 150; i += 1) {
  const unit = units[i % units.length];
  add(
    `WS-${pad(i)}`,
    `ws-${pad(i)}.acme.local`,
    ['Windows'],
    i % 4 === 0 ? 'Windows 10 22H2' : 'Windows 11 23H2',
    unit,
    'prod',
    unit === 'Finance' ? 'high' : 'medium',
    ['workstation', sites[i % 2], ...(i % 10 === 0 ? ['vip'] : [])],
  );
}
for (let i = 1; i <= 30; i += 1) {
  add(`MAC-${pad(i)}`, `mac-${pad(i)}.acme.local`, ['macOS'], 'macOS 14 Sonoma', i % 3 === 0 ? 'Sales' : 'Engineering', 'prod', 'medium', [
    'workstation',
    sites[i % 2],
  ]);
}
for (let i = 1; i <= 3; i += 1) {
  add(`DC-${pad(i)}`, `dc-${pad(i)}.acme.local`, ['Windows'], 'Windows Server 2022', 'IT', 'prod', 'critical', [
    'server',
    'domain-controller',
    sites[i % 2],
  ]);
}
for (let i = 1; i <= 37; i += 1) {
  const env = i <= 25 ? 'prod' : i <= 31 ? 'staging' : 'dev';
  add(
    `WSRV-${pad(i)}`,
    `wsrv-${pad(i)}.acme.local`,
    ['Windows'],
    i % 2 ? 'Windows Server 2022' : 'Windows Server 2019',
    i % 3 ? 'IT' : 'Finance',
    env,
    env === 'prod' ? 'high' : 'low',
    ['server', sites[i % 2], ...(i <= 6 ? ['web'] : i <= 12 ? ['database'] : i <= 14 ? ['dhcp'] : [])],
  );
}
for (let i = 1; i <= 50; i += 1) {
  const env = i <= 32 ? 'prod' : i <= 42 ? 'staging' : 'dev';
  add(
    `LNX-${pad(i)}`,
    `lnx-${pad(i)}.acme.local`,
    i <= 8 ? ['Linux', 'Containers'] : ['Linux'],
    i % 3 ? 'Ubuntu 22.04' : 'RHEL 9',
    i % 4 ? 'Engineering' : 'IT',
    env,
    env === 'prod' ? 'high' : 'low',
    ['server', sites[i % 2], ...(i <= 8 ? ['kubernetes'] : i <= 14 ? ['web'] : [])],
  );
}
for (let i = 1; i <= 8; i += 1) {
  add(`ESX-${pad(i)}`, `esx-${pad(i)}.acme.local`, ['ESXi'], 'ESXi 8.0 U2', 'IT', 'prod', 'critical', ['hypervisor', sites[i % 2]]);
}
const network = [
  ['FW', 4, 'PAN-OS 11.1', ['firewall', 'core']],
  ['RTR', 4, 'Cisco IOS XE 17.9', ['router', 'core']],
  ['SW', 12, 'Cisco IOS XE 17.9', ['switch']],
  ['VPN', 2, 'FortiOS 7.4', ['vpn', 'core']],
];
for (const [prefix, count, os, tags] of network) {
  for (let i = 1; i <= count; i += 1) {
    add(
      `${prefix}-${pad(i)}`,
      `${prefix.toLowerCase()}-${pad(i)}.net.acme.local`,
      ['Network Devices'],
      os,
      'IT',
      'prod',
      prefix === 'SW' ? 'medium' : 'high',
      ['network', ...tags, sites[i % 2]],
    );
  }
}
process.stdout.write(`id,hostname,platforms,os,businessUnit,environment,criticality,tags\n${rows.join('\n')}\n`);
