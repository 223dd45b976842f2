import { OracleRelease } from './attack';
import { OracleInventory, OracleLogSource } from './inventory';
import { oracleAssetOf, OracleObservation, OracleTelemetry } from './telemetry';

/**
 * TELEMETRY.md's evidence modes as inventories the coverage oracle reads (oracleRows): OBSERVED
 * keeps each host's declared collections that are fresh; TELEMETRY replaces them by the logs the
 * host sent fresh observations of, each a log source of that (name, channel) collected at the top
 * state. Written from the contract, host by host.
 */
const DAY = 86_400;

export function observedInventory(inventory: OracleInventory, t: OracleTelemetry, days: number): OracleInventory {
  const since = t.asOf - days * DAY;
  const collects = new Map(
    inventory.assets.map((a) => {
      const seen = t.evidence.get(a.id);
      return [a.id, new Map([...inventory.collects.get(a.id)!].filter(([ls]) => (seen?.get(ls) ?? -Infinity) >= since))];
    }),
  );
  return { ...inventory, collects };
}

export function telemetryInventory(
  inventory: OracleInventory,
  observations: OracleObservation[],
  asOf: number,
  days: number,
  releases: OracleRelease[],
): OracleInventory {
  const since = asOf - days * DAY;
  // The oracle's reading of linux:audit is the name `auditd`: every auditd:<TYPE> log ATT&CK names.
  const auditd = [
    ...new Set(
      releases
        .flatMap((r) => [...r.pairsByKey.values(), ...r.dataComponents.flatMap((d) => d.logSources)].map((l) => l.name))
        .filter((n) => /^auditd:/i.test(n)),
    ),
  ];
  const logSources = new Map<string, OracleLogSource>();
  const collects = new Map(inventory.assets.map((a) => [a.id, new Map<string, number>()]));
  for (const o of observations) {
    const asset = oracleAssetOf(inventory, o.host);
    if (!asset || o.last < since) continue;
    for (const name of o.name === 'auditd' ? auditd : [o.name]) {
      const id = `observed:${name}|${o.channel ?? ''}`;
      if (!logSources.has(id)) logSources.set(id, { id, name, channel: o.channel ?? undefined, dataComponents: [], dataSources: [] });
      collects.get(asset)!.set(id, 3);
    }
  }
  return { assets: inventory.assets, logSources: [...logSources.values()], collects };
}
