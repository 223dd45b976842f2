#!/usr/bin/env node
import { config } from '../src/config';
import { exitCodeOf, kindOf } from '../src/errors';
import { Command, wantsHelp } from './command';
import { dbCommand } from './commands/db';
import { importAttackCommand } from './commands/import-attack';
import { importDetectionsCommand } from './commands/import-detections';
import { importDettectCommand } from './commands/import-dettect';
import { importInventoryCommand } from './commands/import-inventory';
import { importTelemetryCommand } from './commands/import-telemetry';
import { keysCommand } from './commands/keys';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { syncCommand } from './commands/sync';
import { upCommand } from './commands/up';

/** `attack-kg <command>`: exit 0 ok, 1 bad input, 2 environment (database unreachable, offline). */
const commands: Command[] = [
  dbCommand,
  importAttackCommand,
  importInventoryCommand,
  importDettectCommand,
  importTelemetryCommand,
  importDetectionsCommand,
  syncCommand,
  keysCommand,
  serveCommand,
  reportCommand,
  upCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: attack-kg <command> [options]   (--help on any command)\n\n${commands
    .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
    .join('\n')}\n`;
}

function find(argv: string[]): { command?: Command; rest: string[] } {
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return { rest: argv };
}

export async function main(argv: string[]): Promise<number> {
  const { command, rest } = find(argv);
  if (!command) {
    if (argv.length === 0 || wantsHelp(argv)) {
      process.stdout.write(usage());
      return argv.length === 0 ? 1 : 0;
    }
    process.stderr.write(`attack-kg: unknown command "${argv.join(' ')}"\n\n${usage()}`);
    return 1;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    await command.run(rest);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    process.stderr.write(`attack-kg ${command.name}: ${(error as Error).message}\n`);
    if (!kindOf(error) && config.cli.debug()) process.stderr.write(`${(error as Error).stack}\n`);
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    // `serve` and `up` keep running; everything else exits with its code.
    if (!['serve', 'up'].includes(process.argv[2])) process.exit(code);
    else if (code !== 0) process.exit(code);
  });
}
