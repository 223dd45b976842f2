import { parseBundle } from '../../import/attack/parse-bundle';
import { EDGE_TYPES, NODE_LABELS, ReleaseGraph, toGraph } from '../../import/attack/to-graph';
import { bundleOf, minimal, stixId } from '../fixtures/bundles';

/**
 * STIX objects to node and edge rows, without a database: one hand-made bundle with one case of
 * each rule, every expected row written down by hand.
 */
const GEN = 'enterprise-attack@1.0#t1';
const k = (type: string, n: number) => `${GEN}|${stixId(type, n)}`;
const ls = (name: string, channel = '') => `${GEN}|logsource|${name}|${channel}`;
const phase = (name: string, chain = 'mitre-attack') => ({ kill_chain_name: chain, phase_name: name });
const rel = (n: number, type: string, source: string, target: string, fields = {}) =>
  minimal.relationship(n, { relationship_type: type, source_ref: source, target_ref: target, ...fields });
const id = stixId;

const bundle = bundleOf([
  minimal['x-mitre-collection'](1, { x_mitre_version: '1.0' }),
  minimal['x-mitre-matrix'](1, { tactic_refs: [id('x-mitre-tactic', 2), id('x-mitre-tactic', 1), id('x-mitre-tactic', 2)] }),
  minimal['x-mitre-tactic'](1, { x_mitre_shortname: 'execution' }),
  minimal['x-mitre-tactic'](2, { x_mitre_shortname: 'initial-access' }),
  minimal['x-mitre-tactic'](3, { x_mitre_shortname: 'not-in-matrix' }),
  minimal['x-mitre-tactic'](4, { x_mitre_shortname: 'gone', revoked: true }),
  minimal['attack-pattern'](1, {
    x_mitre_domains: ['enterprise-attack'],
    x_mitre_platforms: ['Windows', 'Linux'],
    x_mitre_data_sources: ['Process: Process Creation'],
    description: 'Runs commands.',
    created: '2017-05-31T21:30:00.000Z',
    modified: '2025-04-15T19:58:00.000Z',
    x_mitre_version: '2.6',
    kill_chain_phases: [
      phase('execution'),
      phase('initial-access'),
      phase('execution', 'lockheed'),
      phase('gone'),
      phase('no-such-tactic'),
    ],
  }),
  minimal['attack-pattern'](2, { revoked: true }),
  minimal['attack-pattern'](3, { revoked: true }),
  minimal['attack-pattern'](4, { x_mitre_deprecated: true, x_mitre_is_subtechnique: true, x_mitre_detection: 'Watch it.' }),
  minimal['attack-pattern'](5, { revoked: true }),
  minimal['attack-pattern'](6, { revoked: true }),
  minimal['x-mitre-data-source'](1, { x_mitre_platforms: ['Windows', 'Linux'], x_mitre_collection_layers: ['Host'] }),
  minimal['x-mitre-data-component'](1, {
    x_mitre_data_source_ref: id('x-mitre-data-source', 1),
    x_mitre_log_sources: [
      { name: 'WinEventLog:Security', channel: 'EventCode=4688' },
      { name: 'WinEventLog:Security', channel: 'EventCode=4688' },
    ],
  }),
  minimal['x-mitre-data-component'](2, { x_mitre_data_source_ref: '' }), // v18: an empty data source ref
  minimal['x-mitre-data-component'](3, { x_mitre_data_source_ref: id('x-mitre-data-source', 999) }),
  minimal['x-mitre-analytic'](1, {
    x_mitre_platforms: ['Windows'],
    x_mitre_log_source_references: [
      { x_mitre_data_component_ref: id('x-mitre-data-component', 1), name: 'WinEventLog:Security', channel: 'EventCode=4688' },
      { x_mitre_data_component_ref: id('x-mitre-data-component', 2), name: 'auditd:SYSCALL' },
      { x_mitre_data_component_ref: id('x-mitre-data-component', 1), name: 'WinEventLog:Security', channel: 'EventCode=4689' },
      { x_mitre_data_component_ref: id('x-mitre-data-component', 99), name: 'Elsewhere' },
    ],
  }),
  minimal['x-mitre-detection-strategy'](1, { x_mitre_analytic_refs: [id('x-mitre-analytic', 1), id('x-mitre-analytic', 99)] }),
  minimal['intrusion-set'](1, { aliases: ['Cozy Bear'] }),
  minimal.malware(1, { is_family: true, x_mitre_aliases: ['Beacon'], x_mitre_platforms: ['Windows', 'Windows'] }),
  minimal.tool(2),
  minimal.campaign(1, { aliases: ['Solar'], first_seen: '2019-08-01T05:00:00.000Z', last_seen: '2021-01-01T05:00:00.000Z' }),
  minimal['course-of-action'](1),
  rel(1, 'uses', id('intrusion-set', 1), id('attack-pattern', 1)),
  rel(2, 'mitigates', id('course-of-action', 1), id('attack-pattern', 1)),
  rel(3, 'detects', id('x-mitre-detection-strategy', 1), id('attack-pattern', 1)),
  rel(4, 'subtechnique-of', id('attack-pattern', 4), id('attack-pattern', 1)),
  rel(5, 'attributed-to', id('campaign', 1), id('intrusion-set', 1)),
  rel(6, 'revoked-by', id('attack-pattern', 2), id('attack-pattern', 3)),
  rel(7, 'revoked-by', id('attack-pattern', 3), id('attack-pattern', 4)),
  rel(8, 'revoked-by', id('attack-pattern', 5), id('attack-pattern', 6)),
  rel(9, 'revoked-by', id('attack-pattern', 6), id('attack-pattern', 5)),
  rel(10, 'targets', id('intrusion-set', 1), id('attack-pattern', 1)),
  rel(11, 'uses', id('malware', 1), id('attack-pattern', 1), { revoked: true }),
  rel(12, 'uses', id('tool', 2), id('attack-pattern', 1), { x_mitre_deprecated: true }),
  rel(13, 'uses', id('intrusion-set', 1), id('attack-pattern', 404)),
]);

const graph: ReleaseGraph = toGraph(parseBundle({ source: 'enterprise-attack-1.0.json', sha256: '0'.repeat(64), json: bundle }), GEN);
const node = (label: keyof ReleaseGraph['nodes'], key: string) => graph.nodes[label].find((n) => n.key === key);
const edges = (type: keyof ReleaseGraph['edges']) => graph.edges[type].map((e) => (e.props ? [e.from, e.to, e.props] : [e.from, e.to]));

describe('toGraph: nodes', () => {
  test('a technique row: ATT&CK id and URL from its reference, dates, version, state, domain and generation', () => {
    expect(node('Technique', k('attack-pattern', 1))).toEqual({
      key: k('attack-pattern', 1),
      stixId: id('attack-pattern', 1),
      type: 'attack-pattern',
      attackId: 'T1001',
      url: 'https://attack.mitre.org/T1001',
      name: 'Technique 1',
      description: 'Runs commands.',
      created: '2017-05-31T21:30:00.000Z',
      modified: '2025-04-15T19:58:00.000Z',
      version: '2.6',
      revoked: false,
      deprecated: false,
      active: true,
      domain: 'enterprise-attack',
      generation: GEN,
      isSubtechnique: false,
      dataSources: ['Process: Process Creation'],
      detection: null,
      platforms: ['Windows', 'Linux'],
    });
    expect(node('Technique', k('attack-pattern', 4))).toMatchObject({
      deprecated: true,
      revoked: false,
      active: false,
      isSubtechnique: true,
      detection: 'Watch it.',
    });
    expect(node('Technique', k('attack-pattern', 2))).toMatchObject({ revoked: true, active: false });
  });

  test('tactics in matrix order (first mention counts); a tactic outside every matrix sorts last', () => {
    expect(graph.nodes.Tactic.map((t) => [t.shortname, t.order])).toEqual([
      ['execution', 1],
      ['initial-access', 0],
      ['not-in-matrix', 999],
      ['gone', 999],
    ]);
  });

  test('platform rows are deduplicated per object, for techniques, data sources, analytics and software', () => {
    expect(graph.platforms.map((p) => `${p.from.slice(GEN.length + 1)} ${p.platform}`)).toEqual([
      `${id('attack-pattern', 1)} Windows`,
      `${id('attack-pattern', 1)} Linux`,
      `${id('x-mitre-data-source', 1)} Windows`,
      `${id('x-mitre-data-source', 1)} Linux`,
      `${id('x-mitre-analytic', 1)} Windows`,
      `${id('malware', 1)} Windows`,
    ]);
  });

  test('one ATT&CK log source node per (name, channel) in the release, whoever names it', () => {
    expect(graph.nodes.AttackLogSource).toEqual([
      {
        key: ls('WinEventLog:Security', 'EventCode=4688'),
        name: 'WinEventLog:Security',
        nameLower: 'wineventlog:security',
        channel: 'EventCode=4688',
        domain: 'enterprise-attack',
        generation: GEN,
      },
      {
        key: ls('auditd:SYSCALL'),
        name: 'auditd:SYSCALL',
        nameLower: 'auditd:syscall',
        channel: null,
        domain: 'enterprise-attack',
        generation: GEN,
      },
      {
        key: ls('WinEventLog:Security', 'EventCode=4689'),
        name: 'WinEventLog:Security',
        nameLower: 'wineventlog:security',
        channel: 'EventCode=4689',
        domain: 'enterprise-attack',
        generation: GEN,
      },
      { key: ls('Elsewhere'), name: 'Elsewhere', nameLower: 'elsewhere', channel: null, domain: 'enterprise-attack', generation: GEN },
    ]);
  });

  test('groups, software, campaigns and mitigations keep their own fields', () => {
    expect(node('Group', k('intrusion-set', 1))).toMatchObject({ attackId: 'G0001', aliases: ['Cozy Bear'] });
    expect(graph.nodes.Software.map((s) => [s.attackId, s.softwareType, s.aliases, s.isFamily])).toEqual([
      ['S0001', 'malware', ['Beacon'], true],
      ['S0002', 'tool', [], null],
    ]);
    expect(node('Campaign', k('campaign', 1))).toMatchObject({
      aliases: ['Solar'],
      firstSeen: '2019-08-01T05:00:00.000Z',
      lastSeen: '2021-01-01T05:00:00.000Z',
    });
    expect(node('Mitigation', k('course-of-action', 1))).toMatchObject({ attackId: 'M1001', type: 'course-of-action' });
    expect(node('DataSource', k('x-mitre-data-source', 1))).toMatchObject({ attackId: 'DS0001', collectionLayers: ['Host'] });
    expect(Object.fromEntries(NODE_LABELS.map((l) => [l, graph.nodes[l].length]))).toEqual({
      Technique: 6,
      Tactic: 4,
      DataSource: 1,
      DataComponent: 3,
      DetectionStrategy: 1,
      Analytic: 1,
      AttackLogSource: 4,
      Group: 1,
      Software: 2,
      Campaign: 1,
      Mitigation: 1,
    });
  });

  test('a revoked object points at the ATT&CK id that stands today, through chains, and a revocation cycle ends', () => {
    const replaced = graph.nodes.Technique.map((t) => [t.attackId, t.replacedBy]);
    expect(replaced).toEqual([
      ['T1001', undefined],
      ['T1002', 'T1004'],
      ['T1003', 'T1004'],
      ['T1004', undefined],
      ['T1005', undefined],
      ['T1006', undefined],
    ]);
  });
});

describe('toGraph: edges', () => {
  test('IN_TACTIC: MITRE kill chain phases naming a tactic that is not revoked', () => {
    expect(edges('IN_TACTIC')).toEqual([
      [k('attack-pattern', 1), k('x-mitre-tactic', 1)],
      [k('attack-pattern', 1), k('x-mitre-tactic', 2)],
    ]);
  });

  test('STIX relationships become typed edges; unmodelled, revoked, deprecated and dangling ones are counted, not written', () => {
    expect(edges('USES')).toEqual([[k('intrusion-set', 1), k('attack-pattern', 1)]]);
    expect(edges('MITIGATES')).toEqual([[k('course-of-action', 1), k('attack-pattern', 1)]]);
    expect(edges('DETECTS')).toEqual([[k('x-mitre-detection-strategy', 1), k('attack-pattern', 1)]]);
    expect(edges('SUBTECHNIQUE_OF')).toEqual([[k('attack-pattern', 4), k('attack-pattern', 1)]]);
    expect(edges('ATTRIBUTED_TO')).toEqual([[k('campaign', 1), k('intrusion-set', 1)]]);
    expect(edges('REVOKED_BY')).toHaveLength(4);
    expect(graph.skippedRelationships).toEqual({ targets: 1, 'uses (revoked/deprecated)': 2, 'uses (dangling)': 1 });
  });

  test('data components: PART_OF only to a data source in the bundle; OF_COMPONENT once per (log source, component)', () => {
    expect(edges('PART_OF')).toEqual([[k('x-mitre-data-component', 1), k('x-mitre-data-source', 1)]]);
    expect(edges('OF_COMPONENT')).toEqual([
      [ls('WinEventLog:Security', 'EventCode=4688'), k('x-mitre-data-component', 1)],
      [ls('auditd:SYSCALL'), k('x-mitre-data-component', 2)],
      [ls('WinEventLog:Security', 'EventCode=4689'), k('x-mitre-data-component', 1)],
    ]);
  });

  test('analytics: a REFERENCES edge per log source reference, naming its component; USES_COMPONENT once per component in the bundle', () => {
    expect(edges('REFERENCES')).toEqual([
      [k('x-mitre-analytic', 1), ls('WinEventLog:Security', 'EventCode=4688'), { dataComponent: id('x-mitre-data-component', 1) }],
      [k('x-mitre-analytic', 1), ls('auditd:SYSCALL'), { dataComponent: id('x-mitre-data-component', 2) }],
      [k('x-mitre-analytic', 1), ls('WinEventLog:Security', 'EventCode=4689'), { dataComponent: id('x-mitre-data-component', 1) }],
      [k('x-mitre-analytic', 1), ls('Elsewhere'), { dataComponent: id('x-mitre-data-component', 99) }],
    ]);
    expect(edges('USES_COMPONENT')).toEqual([
      [k('x-mitre-analytic', 1), k('x-mitre-data-component', 1)],
      [k('x-mitre-analytic', 1), k('x-mitre-data-component', 2)],
    ]);
    expect(edges('HAS_ANALYTIC')).toEqual([[k('x-mitre-detection-strategy', 1), k('x-mitre-analytic', 1)]]);
  });

  test('every key is scoped by the generation, so the next import of the same release shares none', () => {
    const next = toGraph(
      parseBundle({ source: 'enterprise-attack-1.0.json', sha256: '0'.repeat(64), json: bundle }),
      'enterprise-attack@1.0#t2',
    );
    const keys = (g: ReleaseGraph) => [
      ...NODE_LABELS.flatMap((l) => g.nodes[l].map((n) => n.key as string)),
      ...EDGE_TYPES.flatMap((t) => g.edges[t].flatMap((e) => [e.from, e.to])),
      ...g.platforms.map((p) => p.from),
    ];
    expect(keys(graph).every((key) => key.startsWith(`${GEN}|`))).toBe(true);
    expect(keys(next).every((key) => key.startsWith('enterprise-attack@1.0#t2|'))).toBe(true);
    const mine = new Set(keys(graph));
    expect(keys(next).filter((key) => mine.has(key))).toEqual([]);
    expect(next.generation).toBe('enterprise-attack@1.0#t2');
  });
});
