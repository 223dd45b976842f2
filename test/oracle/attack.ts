import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The test oracle's own reading of an ATT&CK bundle: gunzip + JSON.parse of the raw STIX, nothing
 * from the importer or the graph. It keeps what the coverage rule of INVENTORY.md needs.
 */
type Stix = Record<string, any>;

export interface OracleTechnique {
  id: string;
  stixId: string;
  name: string;
  platforms: string[];
  tactics: string[];
  parent: string | null;
}

export interface OracleRelease {
  version: string;
  /** 'strategies' (v18+), 'components' (v10-v17), 'strings' (older): which clause of DC(T, P) applies. */
  kind: 'strategies' | 'components' | 'strings';
  /** Active techniques only. */
  techniques: OracleTechnique[];
  /** DC(T, P): data component STIX ids ('strings': the technique's data source strings, lower-cased). */
  components(technique: string, platform: string): Set<string>;
  /** v18+: the (lower-cased name, channel) pairs analytics for (T, P) reference, as "name\u0000channel". */
  pairs(technique: string, platform: string): Set<string>;
  dataComponents: { stixId: string; attackId: string | null; name: string; logSources: { name: string; channel?: string }[] }[];
  /** Every analytic log source reference: (name, channel, data component STIX id). */
  analyticReferences: { name: string; channel?: string; dataComponent: string }[];
  /** The distinct (name, channel) pairs behind `pairs`, by their key there. */
  pairsByKey: Map<string, { name: string; channel?: string }>;
  /** Every platform of an active technique. */
  platforms: Set<string>;
  /** Techniques a group, software or campaign uses (ATT&CK id -> technique ids), `uses` relationships only. */
  uses: Map<string, Set<string>>;
  /** Campaign ATT&CK id -> group ATT&CK ids it is attributed to. */
  attributedTo: Map<string, Set<string>>;
}

const dead = (o: Stix | undefined) => !o || o.revoked === true || o.x_mitre_deprecated === true;
const attackId = (o: Stix): string | null =>
  (o.external_references ?? []).find((r: Stix) => r.source_name === 'mitre-attack' && r.external_id)?.external_id ?? null;
export const pairKey = (name: string, channel: string | undefined | null) => `${name.toLowerCase()}\u0000${channel ?? ''}`;

export function readRelease(path: string): OracleRelease {
  const objects: Stix[] = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')).objects;
  const byId = new Map(objects.map((o) => [o.id as string, o]));
  const of = (type: string) => objects.filter((o) => o.type === type);
  const version = of('x-mitre-collection')[0]?.x_mitre_version ?? /-(\d+\.\d+)\.json/.exec(path)![1];
  const strategies = of('x-mitre-detection-strategy');
  const kind = strategies.length ? 'strategies' : of('x-mitre-data-component').length ? 'components' : 'strings';

  const techniques: OracleTechnique[] = [];
  const stixToTechnique = new Map<string, OracleTechnique>();
  for (const t of of('attack-pattern')) {
    if (dead(t)) continue;
    const technique = {
      id: attackId(t)!,
      stixId: t.id,
      name: t.name,
      platforms: [...new Set<string>(t.x_mitre_platforms ?? [])],
      tactics: (t.kill_chain_phases ?? []).filter((p: Stix) => p.kill_chain_name === 'mitre-attack').map((p: Stix) => p.phase_name),
      parent: null as string | null,
    };
    techniques.push(technique);
    stixToTechnique.set(t.id, technique);
  }
  for (const t of techniques) if (t.id.includes('.')) t.parent = t.id.split('.')[0];

  const live = of('relationship').filter((r) => !dead(r));
  const components = new Map<string, Set<string>>();
  const pairs = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(value);
  };
  const forAllPlatforms = new Map<string, Set<string>>();
  const pairsByKey = new Map<string, { name: string; channel?: string }>();
  if (kind === 'strings') {
    for (const t of of('attack-pattern')) {
      if (dead(t)) continue;
      forAllPlatforms.set(attackId(t)!, new Set((t.x_mitre_data_sources ?? []).map((s: string) => s.toLowerCase())));
    }
  } else if (kind === 'components') {
    for (const r of live) {
      const technique = stixToTechnique.get(r.target_ref);
      if (r.relationship_type !== 'detects' || !technique || dead(byId.get(r.source_ref))) continue;
      if (byId.get(r.source_ref)?.type !== 'x-mitre-data-component') continue;
      add(forAllPlatforms, technique.id, r.source_ref);
    }
  } else {
    for (const r of live) {
      const technique = stixToTechnique.get(r.target_ref);
      const strategy = byId.get(r.source_ref);
      if (r.relationship_type !== 'detects' || !technique || dead(strategy) || strategy!.type !== 'x-mitre-detection-strategy') continue;
      for (const ref of strategy!.x_mitre_analytic_refs ?? []) {
        const analytic = byId.get(ref);
        if (dead(analytic)) continue;
        for (const platform of analytic!.x_mitre_platforms ?? []) {
          for (const l of analytic!.x_mitre_log_source_references ?? []) {
            if (dead(byId.get(l.x_mitre_data_component_ref))) continue;
            add(components, `${technique.id}|${platform}`, l.x_mitre_data_component_ref);
            add(pairs, `${technique.id}|${platform}`, pairKey(l.name, l.channel));
            if (!pairsByKey.has(pairKey(l.name, l.channel)))
              pairsByKey.set(pairKey(l.name, l.channel), { name: l.name, channel: l.channel });
          }
        }
      }
    }
  }

  const uses = new Map<string, Set<string>>();
  const attributedTo = new Map<string, Set<string>>();
  for (const r of live) {
    const source = byId.get(r.source_ref);
    const target = byId.get(r.target_ref);
    if (!source || !target || dead(source) || dead(target)) continue;
    if (r.relationship_type === 'uses' && target.type === 'attack-pattern') add(uses, attackId(source)!, attackId(target)!);
    if (r.relationship_type === 'uses' && (target.type === 'malware' || target.type === 'tool'))
      add(uses, attackId(source)!, `software:${attackId(target)}`);
    if (r.relationship_type === 'attributed-to') add(attributedTo, attackId(source)!, attackId(target)!);
  }

  const empty = new Set<string>();
  return {
    version,
    kind,
    techniques,
    components: (t, p) => (kind === 'strategies' ? components.get(`${t}|${p}`) : forAllPlatforms.get(t)) ?? empty,
    pairs: (t, p) => pairs.get(`${t}|${p}`) ?? empty,
    dataComponents: of('x-mitre-data-component').map((d) => ({
      stixId: d.id,
      attackId: attackId(d),
      name: d.name,
      logSources: d.x_mitre_log_sources ?? [],
    })),
    analyticReferences: of('x-mitre-analytic').flatMap((a) =>
      (a.x_mitre_log_source_references ?? []).map((l: Stix) => ({
        name: l.name,
        channel: l.channel,
        dataComponent: l.x_mitre_data_component_ref,
      })),
    ),
    pairsByKey,
    platforms: new Set(techniques.flatMap((t) => t.platforms)),
    uses,
    attributedTo,
  };
}
