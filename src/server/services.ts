import { AttackSync } from '../attack/sync/attack-sync';
import { Caches } from '../cache/caches';
import { TelemetryImporter } from '../telemetry/importer';

/**
 * What a server is handed besides its configuration: long-lived objects that resolvers reach
 * through the context. The program's composition (the CLI, or a test) creates them.
 */
export interface Services {
  sync: AttackSync;
  /** Every memo the server keeps (coverage's release and inventory models and what derives from them). */
  caches: Caches;
  /** Imports SIEM exports posted to /api/v1/telemetry. */
  telemetry: TelemetryImporter;
}
