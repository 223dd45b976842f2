import { InputError } from '../errors';
import { createApollo } from '../server/app';
import { createContext } from '../server/context';
import { Services } from '../server/services';
import { buildMatrix, headline, Layer, LAYER_LEGEND, MatrixModel } from './model';
import {
  adversaryOf,
  coverageQueryOf,
  detectCapabilities,
  Exec,
  Json,
  loadDetection,
  loadEvidence,
  loadMatrix,
  MatrixView,
  paramsOfView,
  telemetryExists,
} from './queries';
import { escapeHtml, legendHtml, matrixHtml } from './render';
import { MATRIX_CSS } from './style';

/**
 * `attack-kg report`: one self-contained HTML file (styles and script inline, no outside
 * reference), from the same GraphQL documents, model and rendering as /matrix, with the schema
 * executed in this process rather than through a server.
 */

/** The real schema and resolvers, without HTTP, as an admin of this machine. */
export async function inProcessExec(services: Services): Promise<{ exec: Exec; stop: () => Promise<void> }> {
  const apollo = createApollo();
  await apollo.start();
  const exec: Exec = async (query, variables = {}) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(services, 'admin') });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const message = errors.map((e) => e.message).join('; ');
      // Bad input (an unknown group, a bad enum value) stays bad input: the CLI exits 1 on it, not 2.
      throw errors.every((e) => ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND'].includes(e.extensions?.code as string))
        ? new InputError(message)
        : new Error(message);
    }
    return data;
  };
  return { exec, stop: () => apollo.stop() };
}

const REPORT_QUERY = `query Report($q: CoverageQuery) {
  recommendations(query: $q, limit: 10) { logSource { id name channel } name channel blindPairs platforms dataComponents { name } }
  inventorySnapshots { id status organization sources sha256 importedAt modifiedAt counts { name count } }
}`;

const DRIFT_QUERY = `query ReportDrift {
  telemetryDrift { asOf freshnessDays freshSince unknownHosts
    logSources { logSource { id name channel } declaredHosts freshHosts staleHosts neverSeenHosts lastSeen } }
}`;

export interface ReportFigures {
  release: string;
  hostsPerPlatform: Record<string, number>;
  techniques: ReturnType<typeof headline>;
  worstGaps: { technique: string; name: string; platform: string; hostsBlind: number; hostsTotal: number }[];
  recommendations: number;
  drift: boolean;
}

const table = (head: string[], rows: (string | number)[][], numeric: number[] = []) =>
  `<table class="data"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
  rows
    .map((r) => `<tr>${r.map((v, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(String(v))}</td>`).join('')}</tr>`)
    .join('') +
  `</tbody></table>`;

const block = (id: string, title: string, body: string) =>
  `<section class="block" id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

function heatmap(model: MatrixModel, layer: Layer): string {
  return block(
    `heatmap-${layer}`,
    `Matrix: ${layer} (colour: ${LAYER_LEGEND[layer].colour}; number: ${LAYER_LEGEND[layer].number})`,
    `${legendHtml(layer)}${matrixHtml(model, layer)}`,
  );
}

/** The report's HTML and the figures it shows (for the CLI's summary and the tests). */
export async function buildReport(
  exec: Exec,
  view: MatrixView,
  options: { script: string; generatedAt: string },
): Promise<{ html: string; figures: ReportFigures }> {
  const caps = await detectCapabilities(exec);
  const loaded = await loadMatrix(exec, view, caps);
  const q = coverageQueryOf(view, caps);
  const telemetry = await telemetryExists(exec, caps).catch(() => false);
  const [extra, detection, evidence, drift]: [Json, Json, Json, Json] = await Promise.all([
    exec(REPORT_QUERY, { q }),
    loadDetection(exec, view, caps).catch(() => null),
    telemetry && caps.evidence ? loadEvidence(exec, view, caps) : null,
    telemetry ? exec(DRIFT_QUERY).then((d) => d.telemetryDrift) : null,
  ]);
  const model = buildMatrix({ ...loaded.data, detection, evidence });
  const { rows } = loaded.data;

  const hostsPerPlatform: Record<string, number> = {};
  // Every row of a platform counts all the population's hosts on it.
  for (const r of rows) hostsPerPlatform[r.platform] = Math.max(hostsPerPlatform[r.platform] ?? 0, r.hostsTotal);
  const counts = headline(model);
  const worstGaps = [...rows]
    .filter((r) => r.hostsBlind > 0)
    .sort(
      (a, b) =>
        b.hostsBlind - a.hostsBlind || a.technique.attackId.localeCompare(b.technique.attackId) || a.platform.localeCompare(b.platform),
    )
    .slice(0, 20)
    .map((r) => ({
      technique: r.technique.attackId,
      name: model.cells.get(r.technique.attackId)?.name ?? '',
      platform: r.platform,
      hostsBlind: r.hostsBlind,
      hostsTotal: r.hostsTotal,
    }));
  const snapshot = extra.inventorySnapshots.find((s: Json) => s.status === 'current');
  const adversary = adversaryOf(view);
  const query = paramsOfView({ ...view, technique: undefined, open: [] }).toString();

  const headlineHtml = block(
    'headline',
    'Headline',
    `<div class="figures">` +
      [
        [counts.covered, 'techniques covered on every host'],
        [counts.partial, 'partially covered'],
        [counts.blind, 'blind on every host'],
        [counts.noHosts, 'with no host on their platforms'],
      ]
        .map(
          ([n, label]) =>
            `<div class="figure" data-figure="${escapeHtml(String(label))}">${n}<small>${escapeHtml(String(label))}</small></div>`,
        )
        .join('') +
      `</div><h3>Hosts per platform</h3>` +
      table(
        ['platform', 'hosts'],
        Object.entries(hostsPerPlatform).sort(([a], [b]) => a.localeCompare(b)),
        [1],
      ),
  );
  const gapsHtml = block(
    'gaps',
    'The 20 worst gaps by blind hosts',
    worstGaps.length
      ? table(
          ['technique', 'name', 'platform', 'blind hosts', 'hosts'],
          worstGaps.map((g) => [g.technique, g.name, g.platform, g.hostsBlind, g.hostsTotal]),
          [3, 4],
        )
      : '<p>No blind hosts.</p>',
  );
  const recommendationsHtml = block(
    'recommendations',
    'Top 10 recommendations',
    extra.recommendations.length
      ? table(
          ['enable', 'on platforms', 'data components', 'blind (technique, host) pairs closed'],
          extra.recommendations.map((r: Json) => [
            r.logSource?.id ?? `${r.name}${r.channel ? ` (${r.channel})` : ''} (not in the inventory)`,
            r.platforms.join(', '),
            r.dataComponents.map((d: Json) => d.name).join(', '),
            r.blindPairs,
          ]),
          [3],
        )
      : '<p>Nothing to recommend.</p>',
  );
  const driftHtml = drift
    ? block(
        'drift',
        'Drift: declared against received',
        `<p>Telemetry as of ${escapeHtml(drift.asOf ?? 'never')}; fresh = seen within ${drift.freshnessDays} days; ${drift.unknownHosts} hosts the SIEM sees match no asset.</p>` +
          table(
            ['log source', 'declared hosts', 'fresh', 'stale', 'never seen', 'last seen'],
            drift.logSources
              .filter((l: Json) => l.staleHosts + l.neverSeenHosts > 0)
              .sort((a: Json, b: Json) => b.staleHosts + b.neverSeenHosts - (a.staleHosts + a.neverSeenHosts))
              .slice(0, 20)
              .map((l: Json) => [l.logSource.id, l.declaredHosts, l.freshHosts, l.staleHosts, l.neverSeenHosts, l.lastSeen ?? 'never']),
            [1, 2, 3, 4],
          ),
      )
    : '';
  const detectionHtml = model.layers.detection
    ? (() => {
        let [detected, vnd] = [0, 0];
        for (const c of model.cells.values()) [detected, vnd] = [detected + (c.detected ?? 0), vnd + (c.visibleNotDetected ?? 0)];
        return block(
          'detection',
          'Detection',
          `<p>${detected} (technique, host) pairs detected by a rule; ${vnd} visible but not detected.</p>`,
        );
      })()
    : '';
  const basis = block(
    'basis',
    'What this report was made from',
    table(
      ['', ''],
      [
        ['ATT&CK release', `enterprise-attack ${model.release}`],
        ['query', query || '(the whole inventory, defaults)'],
        ['adversary highlighted', adversary ? Object.entries(adversary)[0].join(' ') : 'none'],
        [
          'inventory snapshot',
          snapshot
            ? `${snapshot.id} (${snapshot.organization ?? ''}), imported ${snapshot.importedAt ?? '?'}${snapshot.modifiedAt ? `, changed ${snapshot.modifiedAt}` : ''}`
            : 'none',
        ],
        [
          'inventory files',
          snapshot ? snapshot.sources.map((s: string, i: number) => `${s} (sha256 ${snapshot.sha256[i]})`).join('; ') : '',
        ],
        ['inventory counts', snapshot ? snapshot.counts.map((c: Json) => `${c.name} ${c.count}`).join(', ') : ''],
        ['generated', options.generatedAt],
      ],
    ),
  );
  const layers = (['visibility', 'detection', 'evidence'] as Layer[]).filter((l) => model.layers[l]);
  // `</script` inside the bundle would end the element early.
  const script = options.script.replace(/<\/script/gi, '<\\/script');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>attack-kg coverage report · ATT&amp;CK ${escapeHtml(model.release)}</title>
<style>${MATRIX_CSS}</style></head>
<body class="report">
<header class="bar"><h1>attack-kg coverage report</h1><span>ATT&amp;CK ${escapeHtml(model.release)} · ${escapeHtml(options.generatedAt)}</span></header>
${headlineHtml}
${layers.map((l) => heatmap(model, l)).join('\n')}
${gapsHtml}
${recommendationsHtml}
${detectionHtml}
${driftHtml}
${basis}
<script type="module">${script}</script>
</body></html>
`;
  return {
    html,
    figures: {
      release: model.release,
      hostsPerPlatform,
      techniques: counts,
      worstGaps,
      recommendations: extra.recommendations.length,
      drift: !!drift,
    },
  };
}
