/**
 * DeTT&CT's own data sources ("<name> [DeTT&CT data source]" in its files) and the ATT&CK data
 * components each stands for. Facts from DeTT&CT 2.2.0 (github.com/rabobank-cdc/DeTTECT, commit
 * 7a0ac5980d1b3a393974804b317cd9597ce5dcbe): the four names are the sheet "DeTT&CT data sources" of
 * data/dettect_data_sources.xlsx and the "DeTT&CT-Enterprise" part of data/data_source_platforms.json;
 * the wiki page "DeTT&CT data sources" (2021-12-20) says they were introduced as more specific parts
 * of ATT&CK's data component Network Traffic Content (which covers DHCP, DNS, HTTP, SMTP ...).
 * DeTT&CT also lists, per technique, which of them help (data/dettect_data_sources.json); attack-kg
 * counts by data component, so that finer scope is not kept (docs/inventory.md says what it costs).
 * Components are written by name: names resolve in every release with data components (v10+).
 */
export const DETTECT_DATA_SOURCES: Readonly<Record<string, readonly string[]>> = {
  Web: ['Network Traffic Content'],
  'Internal DNS': ['Network Traffic Content'],
  Email: ['Network Traffic Content'],
  DHCP: ['Network Traffic Content'],
};

/** How DeTT&CT marks its own data sources: a name ending in "[DeTT&CT data source]". */
export const DETTECT_MARK = /\s*\[DeTT&CT data source\]\s*$/i;

/** A name marked as DeTT&CT's own: its bare name and, when the table knows it, its entry. */
export interface DettectOwnSource {
  bare: string;
  known?: { name: string; components: readonly string[] };
}

/**
 * `Web [DeTT&CT data source]` -> { bare: "Web", known: Web's entry }; an unknown marked name has no
 * `known`; a name without the mark is not DeTT&CT's own (undefined). The bare name matches the
 * table ignoring case, as data component names do; `known.name` is DeTT&CT's spelling.
 */
export function dettectOwnSource(name: string): DettectOwnSource | undefined {
  if (!DETTECT_MARK.test(name)) return undefined;
  const bare = name.replace(DETTECT_MARK, '').trim();
  const key = Object.keys(DETTECT_DATA_SOURCES).find((k) => k.toLowerCase() === bare.toLowerCase());
  return key === undefined ? { bare } : { bare, known: { name: key, components: DETTECT_DATA_SOURCES[key] } };
}
