/** Errors the CLI maps to exit codes: 1 for bad input, 2 for the environment. */
export class InputError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'InputError';
  }
}
