import type { AttackSync } from '../attack/sync/attack-sync';

/**
 * What a server is handed besides its configuration: long-lived objects that resolvers reach
 * through the context. The program's composition (the CLI, or a test) creates them.
 */
export interface Services {
  sync: AttackSync;
}
