/**
 * The collection state ladder of the inventory contract: configured < tested < monitored.
 * Stored as a rank (1, 2, 3; 0 = not collected); GraphQL's CollectionState spells names in capitals.
 */
export const STATES = ['configured', 'tested', 'monitored'] as const;
export type State = (typeof STATES)[number];
export type StateName = Uppercase<State>;

export const rankOf = (state: State): number => STATES.indexOf(state) + 1;
export const stateOf = (rank: number): State => STATES[rank - 1];

export const STATE_NAMES = STATES.map((s) => s.toUpperCase() as StateName);
export const RANK = Object.fromEntries(STATE_NAMES.map((name, i) => [name, i + 1])) as Record<StateName, number>;
/** The GraphQL name of a rank (1..3). */
export const stateNameOf = (rank: number): StateName => STATE_NAMES[rank - 1];
/** A query's `minState` as a rank; the contract's default is monitored. */
export const minRank = (name: StateName | null | undefined): number => RANK[name ?? 'MONITORED'];
