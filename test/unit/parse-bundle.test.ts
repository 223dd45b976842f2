import { parseBundle, ParseOptions } from '../../import/attack/parse-bundle';
import { InputError } from '../../src/errors';
import { bundleOf, minimal, stixId, tinyBundle } from '../fixtures/bundles';
import { describeWithShared, sharedBundle } from '../support/shared';

/** A bundle as read from `source` (a file name or URL: it may say the release and the domain). */
const parse = (json: unknown, source = 'bundle.json', options: ParseOptions = {}) =>
  parseBundle({ source, sha256: 'f'.repeat(64), json }, options);

/** The InputError a parse throws: its message and every problem it lists. */
function rejection(json: unknown, source = 'bundle.json', options: ParseOptions = {}) {
  try {
    parse(json, source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { message: (error as Error).message.split('\n')[0], problems: (error as InputError).problems };
  }
  throw new Error('parsed without complaint');
}

const enterprise = (n: number, fields = {}) => minimal['attack-pattern'](n, { x_mitre_domains: ['enterprise-attack'], ...fields });

describe('parseBundle: what it keeps', () => {
  test('sorts every modelled type, software from malware and tool, and counts the types it skips', () => {
    const parsed = parse(
      bundleOf(
        [
          minimal['x-mitre-collection'](1, { x_mitre_version: '3.1' }),
          enterprise(1),
          enterprise(2),
          minimal['x-mitre-tactic'](1),
          minimal['x-mitre-matrix'](1),
          minimal['x-mitre-data-source'](1),
          minimal['x-mitre-data-component'](1),
          minimal['x-mitre-detection-strategy'](1),
          minimal['x-mitre-analytic'](1),
          minimal['intrusion-set'](1),
          minimal.malware(1),
          minimal.tool(2),
          minimal.campaign(1),
          minimal['course-of-action'](1),
          minimal.relationship(1),
          minimal.relationship(2),
          { type: 'identity', id: 'identity--1' },
          { type: 'marking-definition', id: 'marking-definition--1' },
          { type: 'x-mitre-asset', id: 'x' },
          { type: 'x-mitre-asset', id: 'y' },
        ],
        { spec_version: '2.0' },
      ),
    );
    const counts = Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => [k, (v as unknown[]).length]),
    );
    expect(counts).toEqual({
      techniques: 2,
      tactics: 1,
      matrices: 1,
      dataSources: 1,
      dataComponents: 1,
      detectionStrategies: 1,
      analytics: 1,
      groups: 1,
      software: 2,
      campaigns: 1,
      mitigations: 1,
      relationships: 2,
    });
    expect(parsed.software.map((s) => s.type)).toEqual(['malware', 'tool']);
    expect(parsed.skipped).toEqual({ identity: 1, 'marking-definition': 1, 'x-mitre-asset': 2 });
    expect(parsed).toMatchObject({
      source: 'bundle.json',
      sha256: 'f'.repeat(64),
      domain: 'enterprise-attack',
      version: '3.1',
      specVersion: '2.0',
    });
    // Schema defaults are applied: lists the graph walks are always there.
    expect(parsed.matrices[0].tactic_refs).toEqual([]);
    expect(parsed.analytics[0].x_mitre_log_source_references).toEqual([]);
    expect(parsed.detectionStrategies[0].x_mitre_analytic_refs).toEqual([]);
  });

  test('the STIX version: the bundle says it (2.0), else its collection (2.1), else 2.1', () => {
    expect(parse(bundleOf([enterprise(1)], { spec_version: '2.0' }), 'enterprise-attack-5.0.json').specVersion).toBe('2.0');
    expect(parse(tinyBundle()).specVersion).toBe('2.1');
    expect(parse(bundleOf([minimal['x-mitre-collection'](1, { spec_version: '2.1' }), enterprise(1)])).specVersion).toBe('2.1');
    expect(parse(bundleOf([enterprise(1)]), 'enterprise-attack-5.0.json').specVersion).toBe('2.1');
  });
});

describe('parseBundle: the release version', () => {
  const withCollection = bundleOf([minimal['x-mitre-collection'](1, { x_mitre_version: '17.1' }), enterprise(1)]);
  const without = bundleOf([enterprise(1)]);

  test('from the collection, before the file name; --release before both', () => {
    expect(parse(withCollection, 'enterprise-attack-16.0.json').version).toBe('17.1');
    expect(parse(without, 'enterprise-attack-16.0.json').version).toBe('16.0');
    expect(parse(withCollection, 'enterprise-attack-16.0.json', { release: '15.1' }).version).toBe('15.1');
  });

  test("from a file name or URL in MITRE's naming (.json or .json.gz, any folder, a query string)", () => {
    expect(parse(without, '/data/attack/enterprise-attack-18.1.json.gz').version).toBe('18.1');
    expect(parse(bundleOf([minimal['attack-pattern'](1, { x_mitre_domains: ['mobile-attack'] })]), 'mobile-attack-12.1.json').version).toBe(
      '12.1',
    );
    expect(parse(without, 'https://raw.example/enterprise-attack/enterprise-attack-14.1.json?raw=1').version).toBe('14.1');
  });

  test('none to be found, or not X.Y: an error that says to pass --release', () => {
    expect(rejection(without, 'my-bundle.json').message).toBe(
      'my-bundle.json: the bundle does not say its ATT&CK release (no x-mitre-collection) and the file name does not either; pass --release X.Y',
    );
    expect(rejection(without, 'enterprise-attack-16.json').message).toMatch(/pass --release X\.Y$/);
    expect(rejection(without, 'bundle.json', { release: '18' }).message).toBe('--release 18: expected a version like 18.1');
  });
});

describe('parseBundle: the domain', () => {
  const tech = (n: number, domains?: string[]) => minimal['attack-pattern'](n, domains ? { x_mitre_domains: domains } : {});

  test('the domain most techniques name, whatever the file is called', () => {
    const mostlyMobile = bundleOf([tech(1, ['mobile-attack']), tech(2, ['mobile-attack']), tech(3, ['enterprise-attack'])]);
    expect(parse(mostlyMobile, 'enterprise-attack-9.0.json').domain).toBe('mobile-attack');
    expect(parse(bundleOf([tech(1, ['ics-attack'])]), 'x.json', { release: '1.0' }).domain).toBe('ics-attack');
  });

  test('techniques naming none: the file name; --domain overrides both', () => {
    expect(parse(bundleOf([tech(1)]), 'ics-attack-18.1.json').domain).toBe('ics-attack');
    expect(parse(bundleOf([tech(1, ['mobile-attack'])]), 'ics-attack-18.1.json', { domain: 'enterprise-attack' }).domain).toBe(
      'enterprise-attack',
    );
  });

  test('unknown or nowhere said: an error that says to pass --domain', () => {
    expect(rejection(bundleOf([tech(1)]), 'x.json', { release: '1.0' }).message).toBe(
      'x.json: cannot tell the ATT&CK domain (none found); pass --domain enterprise-attack|mobile-attack|ics-attack',
    );
    expect(rejection(bundleOf([tech(1, ['pre-attack'])]), 'x.json', { release: '1.0' }).message).toMatch(
      /cannot tell the ATT&CK domain \(pre-attack\)/,
    );
  });
});

describe('parseBundle: bad input', () => {
  test('not a bundle: says what was expected, and why not', () => {
    expect(rejection({ type: 'x-mitre-collection', objects: [] }, 'a.json')).toEqual({
      message: 'a.json: not a STIX bundle (expected {"type": "bundle", "objects": [...]})',
      problems: ['type: Invalid literal value, expected "bundle"'],
    });
    expect(rejection([1, 2], 'b.json').problems).toEqual(['(top): Expected object, received array']);
    expect(rejection({ type: 'bundle' }).problems).toEqual(['objects: Required']);
  });

  test('every broken object is listed, by objects[i] and its path, with its type and id; nothing is kept', () => {
    const noName = enterprise(2, { name: undefined });
    const badPhase = enterprise(3, { kill_chain_phases: [{ kill_chain_name: 'mitre-attack' }] });
    const noAttackId = minimal['x-mitre-tactic'](4, { external_references: [{ source_name: 'capec', external_id: 'CAPEC-1' }] });
    const badId = minimal['intrusion-set'](5, { id: 'intrusion-set--not-a-uuid' });
    const badLogSource = minimal['x-mitre-analytic'](6, { x_mitre_log_source_references: [{ x_mitre_data_component_ref: 'x', name: '' }] });
    const relation = minimal.relationship(7, { source_ref: 42 });
    const { message, problems } = rejection(
      bundleOf([enterprise(1), noName, badPhase, { id: 'typeless' }, noAttackId, badId, badLogSource, relation, { type: 'identity' }]),
      'broken.json',
    );
    expect(message).toBe('broken.json: 7 invalid object(s), nothing imported');
    expect(problems).toEqual([
      `objects[1].name (attack-pattern ${stixId('attack-pattern', 2)}): Required`,
      `objects[2].kill_chain_phases[0].phase_name (attack-pattern ${stixId('attack-pattern', 3)}): Required`,
      'objects[3]: has no "type"',
      `objects[4].external_references (x-mitre-tactic ${stixId('x-mitre-tactic', 4)}): has no ATT&CK id (no mitre-attack external_id)`,
      'objects[5].id (intrusion-set intrusion-set--not-a-uuid): must be a intrusion-set--<uuid> id',
      `objects[6].x_mitre_log_source_references[0].name (x-mitre-analytic ${stixId('x-mitre-analytic', 6)}): String must contain at least 1 character(s)`,
      `objects[7].source_ref (relationship ${stixId('relationship', 7)}): Expected string, received number`,
    ]);
  });

  test('an object with several faults lists each; past 50 problems the list stops and says 50+', () => {
    const { problems } = rejection(bundleOf([enterprise(1, { name: 7, x_mitre_platforms: 'Windows' })]));
    expect(problems.map((p) => p.replace(/ \(.*\)/, ''))).toEqual([
      'objects[0].name: Expected string, received number',
      'objects[0].x_mitre_platforms: Expected array, received string',
    ]);
    const many = rejection(
      bundleOf(Array.from({ length: 60 }, (_, i) => ({ type: 'attack-pattern', id: stixId('attack-pattern', i) }))),
      'many.json',
    );
    expect(many.message).toBe('many.json: 50+ invalid object(s), nothing imported');
    expect(many.problems).toHaveLength(50);
    expect(many.problems[49]).toMatch(/^objects\[49\]\.name /);
  });

  test("an ATT&CK id from an old bundle's mitre-<domain>-attack source counts", () => {
    const old = minimal['attack-pattern'](1, {
      external_references: [{ source_name: 'mitre-mobile-attack', external_id: 'T1400' }],
      x_mitre_domains: ['mobile-attack'],
    });
    expect(parse(bundleOf([old]), 'mobile-attack-6.3.json').techniques).toHaveLength(1);
  });
});

describeWithShared('parseBundle on a real release', () => {
  test('enterprise 18.1: every object valid, sorted by type; release and domain from the file name and the objects', () => {
    const bundle = sharedBundle('enterprise-attack-18.1');
    const byType = (type: string) => bundle.objects.filter((o) => o.type === type).length;
    const parsed = parse(bundle, 'enterprise-attack-18.1.json.gz');
    expect({ domain: parsed.domain, version: parsed.version, specVersion: parsed.specVersion }).toEqual({
      domain: 'enterprise-attack',
      version: '18.1',
      specVersion: '2.0',
    });
    expect({
      techniques: parsed.techniques.length,
      tactics: parsed.tactics.length,
      software: parsed.software.length,
      analytics: parsed.analytics.length,
      relationships: parsed.relationships.length,
    }).toEqual({
      techniques: byType('attack-pattern'),
      tactics: byType('x-mitre-tactic'),
      software: byType('malware') + byType('tool'),
      analytics: byType('x-mitre-analytic'),
      relationships: byType('relationship'),
    });
    expect(parsed.techniques.length).toBe(835);
    expect(parsed.skipped).toEqual({ identity: 1, 'marking-definition': 1 });
  });
});
