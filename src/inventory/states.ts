/**
 * The collection state ladder of the inventory contract: configured < tested < monitored.
 * Stored as a rank (1, 2, 3; 0 = not collected); GraphQL's CollectionState spells names in capitals.
 * The one definition: every rank, name, default and per-rank tally derives from STATES.
 */
export const STATES = ['configured', 'tested', 'monitored'] as const;
export type State = (typeof STATES)[number];
export type StateName = Uppercase<State>;

export const rankOf = (state: State): number => STATES.indexOf(state) + 1;
export const stateOf = (rank: number): State => STATES[rank - 1];

/** The ranks of the ladder, lowest first (1..3). */
export const RANKS: readonly number[] = STATES.map((_, i) => i + 1);
/** The highest rank (monitored). */
export const TOP_RANK = STATES.length;
/** A tally indexed by rank: [0] not collected, then one slot per state. */
export const perRank = (): number[] => new Array<number>(TOP_RANK + 1).fill(0);

export const STATE_NAMES = STATES.map((s) => s.toUpperCase() as StateName);
export const RANK = Object.fromEntries(STATE_NAMES.map((name, i) => [name, i + 1])) as Record<StateName, number>;
/** The GraphQL name of a rank (1..3). */
export const stateNameOf = (rank: number): StateName => STATE_NAMES[rank - 1];

/** The contract's default minimum state (coverage, `collecting` filters): monitored. */
export const DEFAULT_MIN_STATE: StateName = 'MONITORED';
/** The lowest state: "collected at all" (an asset's log sources, `deployed` filters). */
export const LOWEST_STATE: StateName = STATE_NAMES[0];
/** A `minState` as a rank; absent, `otherwise` (the contract's default). */
export const minRank = (name: StateName | null | undefined, otherwise: StateName = DEFAULT_MIN_STATE): number => RANK[name ?? otherwise];
