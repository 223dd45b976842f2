import { ParsedBundle } from './parse-bundle';
import { AttackObject, attackReference } from './stix/common';

/** Node and relationship rows for one release, ready for `UNWIND $rows`. */
export type NodeRow = Record<string, string | number | boolean | string[] | null>;
export interface EdgeRow {
  from: string;
  to: string;
  props?: Record<string, string | null>;
}
export interface PlatformRow {
  from: string;
  platform: string;
}

export const NODE_LABELS = [
  'Technique',
  'Tactic',
  'DataSource',
  'DataComponent',
  'DetectionStrategy',
  'Analytic',
  'AttackLogSource',
  'Group',
  'Software',
  'Campaign',
  'Mitigation',
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export const EDGE_TYPES = [
  'IN_TACTIC',
  'SUBTECHNIQUE_OF',
  'USES',
  'MITIGATES',
  'DETECTS',
  'REVOKED_BY',
  'ATTRIBUTED_TO',
  'PART_OF',
  'HAS_ANALYTIC',
  'REFERENCES',
  'USES_COMPONENT',
  'OF_COMPONENT',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface ReleaseGraph {
  /** "<domain>@<version>#<import id>": every node's `generation`. */
  generation: string;
  nodes: Record<NodeLabel, NodeRow[]>;
  edges: Record<EdgeType, EdgeRow[]>;
  platforms: PlatformRow[];
  /** Relationships left out: an unmodelled type (ICS `targets`) or an end outside the bundle. */
  skippedRelationships: Record<string, number>;
}

const STIX_RELATIONSHIPS: Record<string, EdgeType> = {
  uses: 'USES',
  mitigates: 'MITIGATES',
  detects: 'DETECTS',
  'subtechnique-of': 'SUBTECHNIQUE_OF',
  'revoked-by': 'REVOKED_BY',
  'attributed-to': 'ATTRIBUTED_TO',
};

export const releaseKey = (domain: string, version: string) => `${domain}@${version}`;

/** `generation` scopes every key, so a new import never collides with the release it replaces. */
export function toGraph(bundle: ParsedBundle, generation: string): ReleaseGraph {
  const key = (stixId: string) => `${generation}|${stixId}`;
  const known = new Set<string>();
  const nodes = Object.fromEntries(NODE_LABELS.map((l) => [l, [] as NodeRow[]])) as Record<NodeLabel, NodeRow[]>;
  const edges = Object.fromEntries(EDGE_TYPES.map((t) => [t, [] as EdgeRow[]])) as Record<EdgeType, EdgeRow[]>;
  const platforms: PlatformRow[] = [];
  const skippedRelationships: Record<string, number> = {};

  const base = (o: AttackObject): NodeRow => {
    known.add(o.id);
    const ref = attackReference(o);
    const revoked = o.revoked === true;
    const deprecated = o.x_mitre_deprecated === true;
    return {
      key: key(o.id),
      stixId: o.id,
      type: o.type,
      attackId: ref?.external_id ?? null,
      url: ref?.url ?? null,
      name: o.name,
      description: o.description ?? null,
      created: o.created ?? null,
      modified: o.modified ?? null,
      version: o.x_mitre_version ?? null,
      revoked,
      deprecated,
      active: !revoked && !deprecated,
      domain: bundle.domain,
      generation,
    };
  };
  const onPlatforms = (o: AttackObject, list: string[] | undefined) => {
    for (const platform of new Set(list ?? [])) platforms.push({ from: key(o.id), platform });
  };

  // Tactics in matrix order; a technique's kill chain phases name them by shortname.
  const order = new Map<string, number>();
  for (const ref of bundle.matrices.flatMap((m) => m.tactic_refs)) if (!order.has(ref)) order.set(ref, order.size);
  const tacticByShortname = new Map<string, string>();
  for (const t of bundle.tactics) {
    nodes.Tactic.push({ ...base(t), shortname: t.x_mitre_shortname, order: order.get(t.id) ?? 999 });
    if (!t.revoked && !t.x_mitre_deprecated) tacticByShortname.set(t.x_mitre_shortname, t.id);
  }

  for (const t of bundle.techniques) {
    nodes.Technique.push({
      ...base(t),
      isSubtechnique: t.x_mitre_is_subtechnique === true,
      dataSources: t.x_mitre_data_sources ?? [],
      detection: t.x_mitre_detection ?? null,
      platforms: t.x_mitre_platforms ?? [],
    });
    onPlatforms(t, t.x_mitre_platforms);
    for (const phase of t.kill_chain_phases ?? []) {
      const tactic = tacticByShortname.get(phase.phase_name);
      if (tactic && phase.kill_chain_name.startsWith('mitre')) edges.IN_TACTIC.push({ from: key(t.id), to: key(tactic) });
    }
  }

  for (const ds of bundle.dataSources) {
    nodes.DataSource.push({ ...base(ds), collectionLayers: ds.x_mitre_collection_layers ?? [] });
    onPlatforms(ds, ds.x_mitre_platforms);
  }

  // ATT&CK's (name, channel) log sources, one node per pair in the release, linked to the components they feed.
  const logSources = new Map<string, NodeRow>();
  const ofComponent = new Set<string>();
  const logSource = (name: string, channel: string | undefined, dataComponent: string) => {
    const k = `${generation}|logsource|${name}|${channel ?? ''}`;
    if (!logSources.has(k)) {
      logSources.set(k, { key: k, name, nameLower: name.toLowerCase(), channel: channel ?? null, domain: bundle.domain, generation });
    }
    const link = `${k}->${dataComponent}`;
    if (!ofComponent.has(link) && known.has(dataComponent)) {
      ofComponent.add(link);
      edges.OF_COMPONENT.push({ from: k, to: key(dataComponent) });
    }
    return k;
  };

  for (const dc of bundle.dataComponents) {
    nodes.DataComponent.push(base(dc));
    if (dc.x_mitre_data_source_ref) edges.PART_OF.push({ from: key(dc.id), to: key(dc.x_mitre_data_source_ref) });
  }
  for (const dc of bundle.dataComponents) for (const ls of dc.x_mitre_log_sources ?? []) logSource(ls.name, ls.channel, dc.id);

  for (const a of bundle.analytics) {
    nodes.Analytic.push({ ...base(a), platforms: a.x_mitre_platforms ?? [] });
    onPlatforms(a, a.x_mitre_platforms);
  }
  for (const a of bundle.analytics) {
    const components = new Set<string>();
    for (const ref of a.x_mitre_log_source_references) {
      const ls = logSource(ref.name, ref.channel, ref.x_mitre_data_component_ref);
      edges.REFERENCES.push({ from: key(a.id), to: ls, props: { dataComponent: ref.x_mitre_data_component_ref } });
      components.add(ref.x_mitre_data_component_ref);
    }
    for (const dc of components) edges.USES_COMPONENT.push({ from: key(a.id), to: key(dc) });
  }
  nodes.AttackLogSource.push(...logSources.values());

  for (const ds of bundle.detectionStrategies) {
    nodes.DetectionStrategy.push(base(ds));
    for (const a of ds.x_mitre_analytic_refs) edges.HAS_ANALYTIC.push({ from: key(ds.id), to: key(a) });
  }
  for (const g of bundle.groups) nodes.Group.push({ ...base(g), aliases: g.aliases ?? [] });
  for (const s of bundle.software) {
    nodes.Software.push({ ...base(s), softwareType: s.type, aliases: s.x_mitre_aliases ?? [], isFamily: s.is_family ?? null });
    onPlatforms(s, s.x_mitre_platforms);
  }
  for (const c of bundle.campaigns) {
    nodes.Campaign.push({ ...base(c), aliases: c.aliases ?? [], firstSeen: c.first_seen ?? null, lastSeen: c.last_seen ?? null });
  }
  for (const m of bundle.mitigations) nodes.Mitigation.push(base(m));

  // Revocation chains end at the object that stands today (T1150 -> T1547.011 -> T1647).
  const revokedBy = new Map<string, string>();
  for (const r of bundle.relationships) if (r.relationship_type === 'revoked-by') revokedBy.set(r.source_ref, r.target_ref);
  const attackIds = new Map<string, string | null>();
  for (const rows of Object.values(nodes))
    for (const row of rows) if (row.stixId) attackIds.set(row.stixId as string, row.attackId as string | null);
  for (const rows of Object.values(nodes)) {
    for (const row of rows) {
      let end = row.stixId as string | undefined;
      const seen = new Set<string>();
      while (end && revokedBy.has(end) && !seen.has(end)) {
        seen.add(end);
        end = revokedBy.get(end);
      }
      if (end && end !== row.stixId) row.replacedBy = attackIds.get(end) ?? null;
    }
  }

  for (const r of bundle.relationships) {
    const type = STIX_RELATIONSHIPS[r.relationship_type];
    if (!type || r.revoked || r.x_mitre_deprecated || !known.has(r.source_ref) || !known.has(r.target_ref)) {
      const why = !type
        ? r.relationship_type
        : r.revoked || r.x_mitre_deprecated
          ? `${r.relationship_type} (revoked/deprecated)`
          : `${r.relationship_type} (dangling)`;
      skippedRelationships[why] = (skippedRelationships[why] ?? 0) + 1;
      continue;
    }
    edges[type].push({ from: key(r.source_ref), to: key(r.target_ref) });
  }
  // Keep only structural edges whose both ends exist (a v18 data component has an empty data source ref).
  for (const type of ['PART_OF', 'HAS_ANALYTIC', 'USES_COMPONENT'] as const) {
    edges[type] = edges[type].filter((e) => known.has(e.from.slice(generation.length + 1)) && known.has(e.to.slice(generation.length + 1)));
  }
  return { generation, nodes, edges, platforms, skippedRelationships };
}
