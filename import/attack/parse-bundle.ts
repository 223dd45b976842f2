import { basename } from 'node:path';
import { z } from 'zod';
import { Domain, DOMAINS, isDomain } from '../../src/attack/domains';
import { InputError } from '../../src/errors';
import { RawBundle } from './read-bundle';
import {
  Analytic,
  AttackPattern,
  Campaign,
  Collection,
  DataComponent,
  DataSource,
  DetectionStrategy,
  Group,
  Matrix,
  Mitigation,
  Relationship,
  Software,
  Tactic,
  schemasByType,
} from './stix';

export interface ParsedBundle {
  source: string;
  sha256: string;
  domain: Domain;
  version: string;
  specVersion: string;
  techniques: AttackPattern[];
  tactics: Tactic[];
  matrices: Matrix[];
  dataSources: DataSource[];
  dataComponents: DataComponent[];
  detectionStrategies: DetectionStrategy[];
  analytics: Analytic[];
  groups: Group[];
  software: Software[];
  campaigns: Campaign[];
  mitigations: Mitigation[];
  relationships: Relationship[];
  /** Objects of types the graph does not model (identity, marking-definition, x-mitre-asset...), by type. */
  skipped: Record<string, number>;
}

const MAX_PROBLEMS = 50;
const envelope = z.object({ type: z.literal('bundle'), objects: z.array(z.unknown()) }).passthrough();

function describe(object: unknown): string {
  const o = object as { type?: unknown; id?: unknown };
  return [typeof o?.type === 'string' ? o.type : undefined, typeof o?.id === 'string' ? o.id : undefined].filter(Boolean).join(' ');
}

function formatIssue(index: number, object: unknown, issue: z.ZodIssue): string {
  const path = [`objects[${index}]`, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))].join('').replace(/\.\[/g, '[');
  const what = describe(object);
  return `${path}${what ? ` (${what})` : ''}: ${issue.message}`;
}

const versionFromFileName = (source: string) =>
  /^(enterprise|mobile|ics)-attack-(\d+\.\d+)\.json(\.gz)?$/.exec(basename(source.split('?')[0]))?.[2];

export interface ParseOptions {
  release?: string;
  domain?: Domain;
}

/** Validates every object the graph uses and sorts them by type; all problems are reported at once. */
export function parseBundle(raw: RawBundle, options: ParseOptions = {}): ParsedBundle {
  const bundle = envelope.safeParse(raw.json);
  if (!bundle.success) {
    throw new InputError(
      `${raw.source}: not a STIX bundle (expected {"type": "bundle", "objects": [...]})`,
      bundle.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  const byType = new Map<string, unknown[]>();
  const skipped: Record<string, number> = {};
  const problems: string[] = [];
  bundle.data.objects.forEach((object, index) => {
    const type = (object as { type?: unknown })?.type;
    if (typeof type !== 'string') {
      if (problems.length < MAX_PROBLEMS) problems.push(`objects[${index}]: has no "type"`);
      return;
    }
    const schema = schemasByType[type];
    if (!schema) {
      skipped[type] = (skipped[type] ?? 0) + 1;
      return;
    }
    const result = schema.safeParse(object);
    if (!result.success) {
      for (const issue of result.error.issues) if (problems.length < MAX_PROBLEMS) problems.push(formatIssue(index, object, issue));
      return;
    }
    const list = byType.get(type) ?? [];
    list.push(result.data);
    byType.set(type, list);
  });
  if (problems.length)
    throw new InputError(
      `${raw.source}: ${problems.length >= MAX_PROBLEMS ? `${MAX_PROBLEMS}+` : problems.length} invalid object(s), nothing imported`,
      problems,
    );

  const of = <T>(type: string) => (byType.get(type) ?? []) as T[];
  const collection = of<Collection>('x-mitre-collection')[0];
  const techniques = of<AttackPattern>('attack-pattern');

  const version = options.release ?? collection?.x_mitre_version ?? versionFromFileName(raw.source);
  if (!version) {
    throw new InputError(
      `${raw.source}: the bundle does not say its ATT&CK release (no x-mitre-collection) and the file name does not either; pass --release X.Y`,
    );
  }
  if (!/^\d+\.\d+$/.test(version)) throw new InputError(`--release ${version}: expected a version like 18.1`);

  const domainsSeen = new Map<string, number>();
  for (const t of techniques) for (const d of t.x_mitre_domains ?? []) domainsSeen.set(d, (domainsSeen.get(d) ?? 0) + 1);
  const fromName = DOMAINS.find((d) => basename(raw.source).startsWith(d));
  const fromObjects = [...domainsSeen.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const domain = options.domain ?? (fromObjects as Domain | undefined) ?? fromName;
  if (!domain || !isDomain(domain)) {
    throw new InputError(
      `${raw.source}: cannot tell the ATT&CK domain (${domain ?? 'none found'}); pass --domain enterprise-attack|mobile-attack|ics-attack`,
    );
  }
  const specVersion = (raw.json as { spec_version?: string }).spec_version ?? collection?.spec_version ?? '2.1';

  return {
    source: raw.source,
    sha256: raw.sha256,
    domain,
    version,
    specVersion,
    techniques,
    tactics: of('x-mitre-tactic'),
    matrices: of('x-mitre-matrix'),
    dataSources: of('x-mitre-data-source'),
    dataComponents: of('x-mitre-data-component'),
    detectionStrategies: of('x-mitre-detection-strategy'),
    analytics: of('x-mitre-analytic'),
    groups: of('intrusion-set'),
    software: [...of<Software>('malware'), ...of<Software>('tool')],
    campaigns: of('campaign'),
    mitigations: of('course-of-action'),
    relationships: of('relationship'),
    skipped,
  };
}
