import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../src/config';
import { EnvironmentError, InputError } from '../../src/errors';
import { inputFromParams } from '../../src/coverage/params';
import { buildReport, inProcessExec } from '../../src/matrix/report';
import { viewFromParams } from '../../src/matrix/queries';
import { Command, parse } from '../command';
import { withDatabase } from '../database';
import { createServices } from '../services';

const usage = `Usage: attack-kg report [--out FILE] [coverage query flags]

Writes one self-contained HTML file (styles and script inline; opens from disk with no server
and no network; prints to PDF from a browser): the headline (hosts per platform; techniques
covered, partial, blind), the matrix heatmap as /matrix draws it, the 20 worst gaps by blind
hosts, the top 10 recommendations, drift and detection summaries when their data exists, and the
query, release and inventory snapshot it was made from. Default --out attack-kg-report.html.

Coverage query flags (as /matrix's URL parameters; lists comma-separated):
  --release V  --platforms P,..  --business-units B,..  --environments E,..  --criticalities C,..
  --tags T,..  --min-state CONFIGURED|TESTED|MONITORED  --precision DATA_COMPONENT|LOG_SOURCE
  --evidence DECLARED|OBSERVED|TELEMETRY  --freshness-days N  (when the server's schema has them)
  --group G | --software S | --campaign C   highlight an adversary's techniques`;

/** Flag -> the /matrix URL parameter it sets: the report reads its view as the page does. */
const FLAGS: Record<string, string> = {
  release: 'release',
  platforms: 'platforms',
  'business-units': 'businessUnits',
  environments: 'environments',
  criticalities: 'criticalities',
  tags: 'tags',
  'min-state': 'minState',
  precision: 'precision',
  evidence: 'evidence',
  'freshness-days': 'freshnessDays',
  group: 'group',
  software: 'software',
  campaign: 'campaign',
};

const EVIDENCE = ['DECLARED', 'OBSERVED', 'TELEMETRY'];

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a self-contained HTML coverage report (matrix, gaps, recommendations)',
  usage,
  async run(argv) {
    const options = Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }]));
    const { values, positionals } = parse(argv, { ...options, out: { type: 'string' } }, usage);
    if (positionals.length) throw new InputError(`unexpected argument ${positionals[0]}\n\n${usage}`);
    const params = new URLSearchParams();
    for (const [flag, param] of Object.entries(FLAGS)) {
      const value = (values as Record<string, string | undefined>)[flag];
      if (value !== undefined) params.set(param, value);
    }
    for (const state of ['minState', 'precision', 'evidence']) {
      const v = params.get(state);
      if (v) params.set(state, v.toUpperCase());
    }
    // The export routes' reading of the same parameters checks them, naming each bad one.
    inputFromParams(params, ['evidence', 'freshnessDays']);
    const evidence = params.get('evidence');
    if (evidence && !EVIDENCE.includes(evidence)) throw new InputError(`--evidence ${evidence}: expected one of ${EVIDENCE.join(', ')}`);
    const days = params.get('freshnessDays');
    if (days && !/^[1-9]\d*$/.test(days)) throw new InputError(`--freshness-days ${days}: expected a positive whole number of days`);
    const view = viewFromParams(params);
    const bundle = join(projectRoot, 'dist', 'matrix', 'report.js');
    const script = await readFile(bundle, 'utf8').catch(() => {
      throw new EnvironmentError(`${bundle} is missing: run \`npm run build\``);
    });
    const out = resolve(values.out ?? 'attack-kg-report.html');
    const { figures, html } = await withDatabase(async () => {
      const { exec, stop } = await inProcessExec(createServices());
      try {
        return await buildReport(exec, view, { script, generatedAt: new Date().toISOString() });
      } finally {
        await stop();
      }
    });
    await writeFile(out, html);
    const t = figures.techniques;
    console.log(
      `Wrote ${out} (${Math.round(html.length / 1024)} KiB): ATT&CK ${figures.release}, ${t.covered} techniques covered, ${t.partial} partial, ${t.blind} blind, ${t.noHosts} with no hosts.`,
    );
  },
};
