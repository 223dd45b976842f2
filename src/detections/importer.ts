/** What a detections import reports (cli `import detections`; stored with the rule set). */
export interface DetectionImportOptions {
  /** Statuses deployed by default (DETECTIONS.md: stable and test). */
  statuses?: string[] | null;
  /** Refuse the whole import on a broken community rule instead of skipping it. */
  strict?: boolean;
}

export interface DetectionSummary {
  id: string;
  inputs: string[];
  files: number;
  rules: number;
  /** Rules per status ("none" for a rule without one). */
  byStatus: Record<string, number>;
  mapped: number;
  unmapped: number;
  /** Documents that are not detection rules, and broken rules (reported, skipped). */
  skipped: { correlation: number; filter: number; global: number; broken: number };
  /** "file:line: what" for each broken rule skipped. */
  broken: string[];
  /** ATT&CK ids no loaded release knows, with the rules that carry them. */
  unknownTechniques: { id: string; rules: string[] }[];
  /** Where rules are deployed: the detections document, or the statuses deployed on every asset of their platforms. */
  deployment: { document: string | null; statuses: string[] | null; entries: number };
  warnings: string[];
  timings: { readMs: number; writeMs: number; deleteMs: number };
}
