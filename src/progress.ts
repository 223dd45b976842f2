/**
 * Progress of long work (a download, rows read, rows written) as the work reports it. Importers
 * call it and never write to the terminal themselves; whoever runs them decides what to show: the
 * CLI draws one line on stderr when it is a terminal (cli/progress.ts), the server and the tests
 * pass nothing (NO_PROGRESS). It lives in the core because the core drives importers too (the
 * ATT&CK sync hands it to the `ReleaseImporter`).
 */
export interface Progress {
  /**
   * A phase of the work begins: one per stage ("Downloading X", "Writing Y"), not one per file or
   * batch (a new phase is always drawn at once). `total` when it is known (a download's
   * Content-Length, the rows to write), otherwise null: then done and rate are shown, no time left.
   * `unit` names what is counted ("rows", "assets"); "bytes" is shown as KB/MB/GB.
   */
  phase(label: string, total: number | null, unit: string): ProgressPhase;
}

export interface ProgressPhase {
  /** `n` more done (default 1). Cheap enough to call per row: drawing is throttled by the renderer. */
  advance(n?: number): void;
  /** The phase is over (its line is cleared); calling it again does nothing. */
  end(): void;
}

const NO_PHASE: ProgressPhase = { advance: () => undefined, end: () => undefined };

/** Reports nothing: the default of every importer. */
export const NO_PROGRESS: Progress = { phase: () => NO_PHASE };

/** Runs `work` as one phase, ended however it ends. */
export async function inPhase<T>(
  progress: Progress,
  label: string,
  total: number | null,
  unit: string,
  work: (phase: ProgressPhase) => Promise<T>,
): Promise<T> {
  const phase = progress.phase(label, total, unit);
  try {
    return await work(phase);
  } finally {
    phase.end();
  }
}
