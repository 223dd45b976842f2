import { Caches, memoSlot } from '../cache/caches';
import { ConflictError } from '../errors';
import { AttackCatalog } from '../inventory/catalog';
import { TOP_RANK } from '../inventory/states';
import { namesOf } from '../telemetry/names';
import { isNamed, STRIDE } from '../telemetry/records';
import { TelemetryModel } from '../telemetry/model';
import { emptyBits, orInto } from './bits';
import { CoverageBasis, LogSourceBits, logSourceBits, ProfileCollection, profileBases } from './inventory-data';

/**
 * Coverage under telemetry evidence (TELEMETRY.md, "Evidence in coverage"). Hosts of one inventory
 * profile collect alike as declared, but not as observed: an evidence basis splits each profile by
 * what its hosts have fresh evidence for, and the engine then runs on it unchanged.
 * - OBSERVED: a host keeps the declared collections (at their states) that are fresh.
 * - TELEMETRY: a host collects, at the top state, every log it sent fresh observations of: the
 *   observed (name, channel) stands for what it provides under the release, whatever is declared.
 *   Observed logs are log sources of the basis after the inventory's own (index >= their count).
 * Built once per (inventory basis, telemetry model, mode, freshness): a pass over assets, not rows.
 */
export type EvidenceMode = 'OBSERVED' | 'TELEMETRY';

const EVIDENCE_BASES = memoSlot<Promise<CoverageBasis>>('evidence bases', 4);

export const evidenceBasis = (basis: CoverageBasis, model: TelemetryModel, mode: EvidenceMode, since: number): Promise<CoverageBasis> =>
  basis.derived.memo(EVIDENCE_BASES).get({ variant: `${model.key}|${mode}|${since}` }, async () =>
    buildEvidenceBasis(basis, model, mode, since, mode === 'TELEMETRY' ? await model.catalog() : null));

/** What an observed log stands for under the release: as a log source of its name (each ATT&CK spelling) and channel, or the inventory log source it names by id. */
function observedBits(basis: CoverageBasis, catalog: AttackCatalog, known: string[], log: { name: string | null; channel: string | null; logSource: string | null }): LogSourceBits {
  const { release } = basis;
  const out = { components: emptyBits(release.components.length), pairs: emptyBits(release.pairs.length) };
  for (const name of log.name ? namesOf(log.name, known) : []) {
    const bits = logSourceBits(release, { name, channel: log.channel, components: [...catalog.provides({ name, channel: log.channel })], dataSources: [] });
    orInto(out.components, bits.components);
    orInto(out.pairs, bits.pairs);
  }
  const named = log.logSource !== null ? basis.inventory.logSourceIndex.get(log.logSource) : undefined;
  if (named !== undefined) {
    orInto(out.components, basis.logSources[named].components);
    orInto(out.pairs, basis.logSources[named].pairs);
  }
  return out;
}

function buildEvidenceBasis(basis: CoverageBasis, model: TelemetryModel, mode: EvidenceMode, since: number, catalog: AttackCatalog | null): CoverageBasis {
  const { inventory } = basis;
  // Telemetry and coverage each read the current snapshot; a re-import between the two reads is a retry, not a mix.
  if (model.snapshot !== inventory.snapshot) throw new ConflictError('the inventory changed while the query was read; send it again');
  const { view, derived } = model;
  const parentOf = view.profiles.map((p) => inventory.profileIndex.get(p.key));
  const inventorySource = view.logSources.map((l) => inventory.logSourceIndex.get(l.id));
  const observedBase = inventory.logSources.length;

  const profiles: ProfileCollection[] = [];
  const parents: number[] = [];
  const members: string[][] = [];
  const byKey = new Map<string, number>();
  const profileOf = new Map<string, number>();
  const fresh: number[] = [];
  view.assets.forEach((asset, a) => {
    const parent = parentOf[asset.profile];
    if (parent === undefined) return;
    const e = derived.assets[a];
    // What is fresh on this host, as log source indexes of the basis (ascending, no repeats).
    fresh.length = 0;
    if (mode === 'OBSERVED') {
      view.profiles[asset.profile].collects.forEach(([ls], p) => {
        const l = inventorySource[ls];
        if (l !== undefined && e && e.evidence[p] >= since) fresh.push(l);
      });
    } else {
      for (const h of e?.hosts ?? []) {
        const data = model.hosts[h].data;
        for (let i = 0; i < data.length; i += STRIDE) if (data[i + 1] >= since && isNamed(model.vocab[data[i]])) fresh.push(observedBase + data[i]);
      }
    }
    fresh.sort((x, y) => x - y);
    const key = `${parent}|${fresh.filter((l, i) => i === 0 || fresh[i - 1] !== l).join(',')}`;
    let index = byKey.get(key);
    if (index === undefined) {
      index = profiles.length;
      byKey.set(key, index);
      const declared = basis.profiles[parent].collects;
      const collects = new Map(fresh.map((l) => [l, mode === 'OBSERVED' ? declared.get(l)! : TOP_RANK]));
      profiles.push({ key: `${inventory.profiles[parent].key}|${key}`, hosts: 0, platforms: basis.profiles[parent].platforms, collects });
      parents.push(parent);
      members.push([]);
    }
    profiles[index].hosts += 1;
    members[index].push(asset.id);
    profileOf.set(asset.id, index);
  });

  let logSources = basis.logSources;
  if (catalog) {
    const known = [...catalog.logSourceNames(), ...basis.release.pairMatch.names()];
    logSources = [...logSources, ...model.vocab.map((log) => observedBits(basis, catalog, known, log))];
  }
  return {
    release: basis.release,
    inventory,
    logSources,
    profiles: profileBases(basis.release, logSources, profiles),
    evidence: { mode, since, parents, members, profileOf, observed: catalog ? model.vocab : [] },
    derived: new Caches(),
  };
}

/** Whether log source index `l` of a basis is one of the inventory's (not an observed log under TELEMETRY). */
export const isInventorySource = (basis: CoverageBasis, l: number) => l < basis.inventory.logSources.length;
