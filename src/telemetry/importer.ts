import { Progress } from '../progress';
import { TelemetryFormat } from './names';

/**
 * The telemetry import as the server sees it (POST /api/v1/telemetry): the core does not import
 * the importer; whoever composes the program hands one over (cli/services.ts).
 */
export interface TelemetryInput {
  /** What messages call it: a file path, or "request body". */
  name: string;
  bytes: AsyncIterable<Buffer>;
}

export interface TelemetryImportOptions {
  format: string;
  /** ISO 8601 or epoch seconds; default: the latest last seen of the export. */
  asOf?: string | null;
  /** A --map file (YAML or JSON). */
  mapFile?: string | null;
  /** The rows read from the stream, then the hosts written (the CLI's terminal line); default: nowhere. */
  progress?: Progress;
}

export interface TelemetrySummary {
  id: string;
  /** True when these bytes (same format, as-of and map) were imported before: nothing changed. */
  unchanged: boolean;
  format: TelemetryFormat;
  source: string;
  asOf: string;
  /** The newest as-of over every import: what freshness is measured from. */
  newestAsOf: string;
  rows: number;
  /** Distinct hosts the export names (as spelled, case-folded). */
  hosts: number;
  hostsMatched: number;
  unknownHosts: number;
  ambiguousHosts: number;
  unnamedRows: number;
  undeclaredObservations: number;
  examples: { unknownHosts: string[]; unnamedRows: string[]; undeclared: string[] };
  timings: { readMs: number; writeMs: number; deleteMs: number };
}

export interface TelemetryImporter {
  import(input: TelemetryInput, options: TelemetryImportOptions): Promise<TelemetrySummary>;
}
