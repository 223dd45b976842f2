import { PlatformVocabulary, releasePlatformsFor, releasePlatformsForAll } from '../../src/inventory/platforms';

/** Platform aliases of the contract, without a database: the real releases' platform lists. */
const v63 = ['Linux', 'macOS', 'Windows', 'Office 365', 'SaaS', 'Azure AD', 'AWS', 'GCP', 'Azure', 'Android'];
const v151 = ['Windows', 'Linux', 'macOS', 'Network', 'PRE', 'Containers', 'IaaS', 'Azure AD', 'Office 365', 'SaaS', 'Google Workspace'];
const v181 = [
  'Windows',
  'Linux',
  'macOS',
  'Network Devices',
  'ESXi',
  'PRE',
  'Containers',
  'IaaS',
  'SaaS',
  'Office Suite',
  'Identity Provider',
  'Office 365',
];

describe('platform aliases', () => {
  test('names match case-insensitively, in the release spelling', () => {
    expect(releasePlatformsFor('windows', v181)).toEqual(['Windows']);
    expect(releasePlatformsFor('MACOS', v181)).toEqual(['macOS']);
    expect(releasePlatformsFor('Solaris', v181)).toEqual([]);
  });

  test('AWS, Azure and GCP are IaaS; the reverse under a release that predates IaaS', () => {
    for (const cloud of ['AWS', 'Azure', 'gcp']) expect(releasePlatformsFor(cloud, v181)).toEqual(['IaaS']);
    expect(releasePlatformsFor('IaaS', v63)).toEqual(['AWS', 'GCP', 'Azure']);
    expect(releasePlatformsFor('AWS', v63)).toEqual(['AWS']);
  });

  test('Office 365 and Google Workspace are Office Suite (18.1 still tags three techniques Office 365)', () => {
    expect(releasePlatformsFor('Office 365', v181)).toEqual(['Office Suite', 'Office 365']);
    expect(releasePlatformsFor('Google Workspace', v181)).toEqual(['Office Suite']);
    expect(releasePlatformsFor('Office Suite', v151)).toEqual(['Office 365', 'Google Workspace']);
  });

  test('Azure AD and Entra ID are Identity Provider, and each other', () => {
    expect(releasePlatformsFor('Entra ID', v181)).toEqual(['Identity Provider']);
    expect(releasePlatformsFor('Azure AD', v181)).toEqual(['Identity Provider']);
    expect(releasePlatformsFor('Entra ID', v63)).toEqual(['Azure AD']);
    expect(releasePlatformsFor('Identity Provider', v151)).toEqual(['Azure AD']);
  });

  test('Network and Network Devices are one platform', () => {
    expect(releasePlatformsFor('Network Devices', v151)).toEqual(['Network']);
    expect(releasePlatformsFor('network', v181)).toEqual(['Network Devices']);
  });

  test('an asset with several platforms counts as each', () => {
    expect(releasePlatformsForAll(['Linux', 'Containers'], v181)).toEqual(['Linux', 'Containers']);
  });

  test('the vocabulary of loaded releases spells and validates names', () => {
    const vocabulary = new PlatformVocabulary(
      new Map([
        ['enterprise-attack@18.1', v181],
        ['enterprise-attack@6.3', v63],
      ]),
    );
    expect(vocabulary.canonical('windows')).toBe('Windows');
    expect(vocabulary.canonical('entra id')).toBe('Entra ID');
    expect(vocabulary.canonical('Windwos')).toBeUndefined();
    expect(vocabulary.attackPlatforms(['AWS'])).toEqual(['AWS', 'IaaS']);
    expect(new PlatformVocabulary(new Map([['enterprise-attack@18.1', v181]])).canonical('Android')).toBeUndefined();
  });
});
