import { parseArgs, ParseArgsConfig } from 'node:util';
import { InputError } from '../src/errors';

/** One CLI command: its help text and what it runs. Exit codes: 0 ok, 1 bad input, 2 environment. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<void>;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${usage}`);
  }
}

export const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');
