import { ParsedInventory } from '../../import/inventory/model';
import { AssetRecord } from '../../src/inventory/asset';
import { Selector, selectorSchema } from '../../src/inventory/schema';
import { selectorPredicate } from '../../src/inventory/selector';
import { matcher } from '../oracle/inventory';
import { randomTools } from '../support/random';

/**
 * Asset selectors (INVENTORY.md): keys combine with AND; platforms, business units, environments,
 * criticalities and ids are any-of; tags are all-of; platforms match case-insensitively and
 * through the renamed-platform aliases. Checked by hand, then against the oracle's own reading.
 */
const asset = (id: string, fields: Partial<AssetRecord> = {}): AssetRecord => ({
  id,
  hostname: null,
  platforms: ['Windows'],
  os: null,
  businessUnit: null,
  environment: null,
  criticality: null,
  tags: [],
  ...fields,
});

const FLEET = [
  asset('ws-1', { platforms: ['Windows'], businessUnit: 'Finance', environment: 'prod', criticality: 'high', tags: ['pci', 'emea'] }),
  asset('ws-2', { platforms: ['Windows'], businessUnit: 'Sales', environment: 'dev', criticality: 'low', tags: ['emea'] }),
  asset('srv-1', {
    platforms: ['Linux', 'Containers'],
    businessUnit: 'Finance',
    environment: 'prod',
    criticality: 'critical',
    tags: ['pci'],
  }),
  asset('cloud-aws', { platforms: ['AWS'], environment: 'prod', tags: ['pci', 'emea', 'cloud'] }),
  asset('cloud-iaas', { platforms: ['IaaS'] }),
  asset('idp', { platforms: ['Entra ID'], businessUnit: 'IT' }),
  asset('fw-1', { platforms: ['Network'], criticality: 'high' }),
];

/** Ids of the fleet's assets a selector (as written in an inventory, then validated) picks. */
const picks = (selector: unknown) => FLEET.filter(selectorPredicate(selectorSchema.parse(selector))).map((a) => a.id);

describe('asset selectors', () => {
  test('an empty selector picks every asset; each key narrows (AND)', () => {
    expect(picks({})).toEqual(FLEET.map((a) => a.id));
    expect(picks({ businessUnit: 'Finance' })).toEqual(['ws-1', 'srv-1']);
    expect(picks({ businessUnit: 'Finance', environment: 'prod', platforms: ['Linux'] })).toEqual(['srv-1']);
    expect(picks({ businessUnit: 'Finance', platforms: ['macOS'] })).toEqual([]);
  });

  test('lists are any-of (one value reads as a list of one); an asset without the field never matches it', () => {
    expect(picks({ environment: ['prod', 'dev'] })).toEqual(['ws-1', 'ws-2', 'srv-1', 'cloud-aws']);
    expect(picks({ criticality: ['high', 'critical'] })).toEqual(['ws-1', 'srv-1', 'fw-1']);
    expect(picks({ criticality: 'low' })).toEqual(['ws-2']);
    expect(picks({ ids: ['idp', 'ws-2', 'nope'] })).toEqual(['ws-2', 'idp']);
    expect(picks({ platforms: ['Windows', 'Linux'] })).toEqual(['ws-1', 'ws-2', 'srv-1']);
  });

  test('tags are all-of', () => {
    expect(picks({ tags: ['pci'] })).toEqual(['ws-1', 'srv-1', 'cloud-aws']);
    expect(picks({ tags: ['pci', 'emea'] })).toEqual(['ws-1', 'cloud-aws']);
    expect(picks({ tags: ['pci', 'emea', 'cloud'] })).toEqual(['cloud-aws']);
  });

  test('platforms match case-insensitively and through renames, but legacy siblings are not each other', () => {
    expect(picks({ platforms: ['windows'] })).toEqual(['ws-1', 'ws-2']);
    expect(picks({ platforms: ['IaaS'] })).toEqual(['cloud-aws', 'cloud-iaas']); // AWS counts as IaaS
    expect(picks({ platforms: ['aws'] })).toEqual(['cloud-aws', 'cloud-iaas']); // and IaaS as AWS
    expect(picks({ platforms: ['Azure'] })).toEqual(['cloud-iaas']); // an IaaS host might be Azure; an AWS one is not
    expect(picks({ platforms: ['Azure AD'] })).toEqual(['idp']);
    expect(picks({ platforms: ['Identity Provider'] })).toEqual(['idp']);
    expect(picks({ platforms: ['Network Devices'] })).toEqual(['fw-1']);
  });

  test('values other than platforms are matched exactly; unknown keys and bad criticalities are rejected before matching', () => {
    expect(picks({ businessUnit: 'finance' })).toEqual([]);
    expect(selectorSchema.safeParse({ platform: ['Windows'] }).success).toBe(false);
    expect(selectorSchema.safeParse({ criticality: 'urgent' }).success).toBe(false);
  });

  test('ParsedInventory.select: "*" is every asset, a list is those ids in its order (unknown ones dropped), a selector its matches', () => {
    const model = new ParsedInventory();
    for (const a of FLEET) model.addAsset(a);
    expect(model.select('*')).toEqual(FLEET.map((_, i) => i));
    expect(model.select(['idp', 'ghost', 'ws-1'])).toEqual([5, 0]);
    expect(model.select({ tags: ['pci', 'emea'] })).toEqual([0, 3]);
  });

  test('agrees with the oracle on 3,000 random selectors over random fleets', () => {
    const r = randomTools(404);
    const PLATFORMS = [
      'Windows',
      'windows',
      'Linux',
      'macOS',
      'AWS',
      'Azure',
      'GCP',
      'IaaS',
      'Office 365',
      'Office Suite',
      'Google Workspace',
      'Azure AD',
      'Entra ID',
      'Identity Provider',
      'Network',
      'Network Devices',
      'ESXi',
      'Containers',
    ];
    const UNITS = ['Finance', 'Sales', 'IT'];
    const ENVS = ['prod', 'staging', 'dev'];
    const CRITS = ['low', 'medium', 'high', 'critical'] as const;
    const TAGS = ['pci', 'emea', 'amer', 'cloud', 'dmz'];
    const maybe = <T>(p: number, value: () => T) => (r.next() < p ? value() : undefined);
    const fleet = Array.from({ length: 60 }, (_, i) =>
      asset(`a-${i}`, {
        platforms: r.some(PLATFORMS, 2),
        businessUnit: maybe(0.8, () => r.pick(UNITS)) ?? null,
        environment: maybe(0.8, () => r.pick(ENVS)) ?? null,
        criticality: maybe(0.7, () => r.pick(CRITS)) ?? null,
        tags: maybe(0.8, () => r.some(TAGS, 3)) ?? [],
      }),
    );
    const oracleFleet = fleet.map((a) => ({
      id: a.id,
      platforms: a.platforms,
      tags: a.tags,
      businessUnit: a.businessUnit ?? undefined,
      environment: a.environment ?? undefined,
      criticality: a.criticality ?? undefined,
    }));
    const differences: unknown[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const written = Object.fromEntries(
        Object.entries({
          platforms: maybe(0.5, () => r.some(PLATFORMS, 2)),
          tags: maybe(0.3, () => r.some(TAGS, 2)),
          businessUnit: maybe(0.3, () => (r.next() < 0.5 ? r.pick(UNITS) : r.some(UNITS, 1))),
          environment: maybe(0.3, () => r.some(ENVS, 1)),
          criticality: maybe(0.3, () => r.some(CRITS, 1)),
          ids: maybe(0.1, () =>
            r.some(
              fleet.map((a) => a.id),
              5,
            ),
          ),
        }).filter(([, v]) => v !== undefined),
      );
      const selector: Selector = selectorSchema.parse(written);
      const got = fleet.filter(selectorPredicate(selector)).map((a) => a.id);
      const want = oracleFleet.filter(matcher(written)).map((a) => a.id);
      if (got.join() !== want.join()) differences.push({ written, got, want });
    }
    expect(differences.slice(0, 3)).toEqual([]);
  });
});
