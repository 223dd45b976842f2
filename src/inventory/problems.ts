import { InputError } from '../errors';

/** Where a problem is: "file:line: path" (YAML, CSV) or "file: $.path" (JSON). */
export type Where = string;

const MAX_ERRORS = 100;

/**
 * Collects every problem of an import before anything is written, so one run reports them all.
 * Errors past the cap are counted, not kept: a 2M-row CSV with a bad column stays readable.
 */
export class Problems {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  private dropped = 0;

  error(where: Where, message: string) {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${where}: ${message}`);
    else this.dropped += 1;
  }

  warn(where: Where, message: string) {
    this.warnings.push(`${where}: ${message}`);
  }

  get errorCount() {
    return this.errors.length + this.dropped;
  }

  /** Throws the InputError (exit 1) that lists every problem found, when there is one. */
  throwIfAny(what: string) {
    if (!this.errorCount) return;
    const list = this.dropped ? [...this.errors, `... and ${this.dropped} more`] : this.errors;
    throw new InputError(`${what}: ${this.errorCount} problem${this.errorCount === 1 ? '' : 's'}, nothing imported`, list);
  }
}

/** `assets[3].platforms[0]` (YAML, CSV) and `$.assets[3].platforms[0]` (JSON). */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
