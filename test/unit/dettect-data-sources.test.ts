import { DETTECT_DATA_SOURCES, dettectOwnSource } from '../../import/inventory/dettect-data-sources';

/**
 * The table against what DeTT&CT publishes, written out here rather than read from the table:
 * DeTT&CT 2.2.0's data/data_source_platforms.json ("DeTT&CT-Enterprise") and the sheet "DeTT&CT data
 * sources" of data/dettect_data_sources.xlsx name exactly these four; its wiki page "DeTT&CT data
 * sources" says each is a more specific part of ATT&CK's Network Traffic Content.
 */
describe("DeTT&CT's own data sources", () => {
  test('the four DeTT&CT names, each standing for Network Traffic Content', () => {
    expect(Object.keys(DETTECT_DATA_SOURCES).sort()).toEqual(['DHCP', 'Email', 'Internal DNS', 'Web']);
    for (const components of Object.values(DETTECT_DATA_SOURCES)) expect(components).toEqual(['Network Traffic Content']);
  });

  test("only a name carrying the mark is DeTT&CT's own; the bare name matches ignoring case", () => {
    expect(dettectOwnSource('Internal DNS [DeTT&CT data source]')).toEqual({
      bare: 'Internal DNS',
      known: { name: 'Internal DNS', components: ['Network Traffic Content'] },
    });
    expect(dettectOwnSource('internal dns  [dett&ct data source] ')).toEqual({
      bare: 'internal dns',
      known: { name: 'Internal DNS', components: ['Network Traffic Content'] },
    });
    expect(dettectOwnSource('DNS [DeTT&CT data source]')).toEqual({ bare: 'DNS' });
    expect(dettectOwnSource('Web')).toBeUndefined();
    expect(dettectOwnSource('Process Creation')).toBeUndefined();
  });
});
