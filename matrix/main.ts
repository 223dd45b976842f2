import { paramsFromInput } from '../src/coverage/params';
import { buildMatrix, Layer, LAYERS, MatrixData, MatrixModel } from '../src/matrix/model';
import {
  adversaryOf,
  BLIND_PAGE_QUERY,
  Capabilities,
  coverageQueryOf,
  detectCapabilities,
  Exec,
  Json,
  loadDetection,
  loadEvidence,
  loadMatrix,
  LoadedMatrix,
  MatrixView,
  PANEL_QUERY,
  RULES_QUERY,
  paramsOfView,
  telemetryExists,
  viewFromParams,
} from '../src/matrix/queries';
import { escapeHtml, legendHtml, matrixHtml, matrixSvg } from '../src/matrix/render';
import { MATRIX_CSS } from '../src/matrix/style';
import { focusCell, installKeyboard, toggleSubs } from './keyboard';

/**
 * /matrix: the coverage matrix in the browser, served by attack-kg itself (bundled at build time,
 * nothing fetched from elsewhere). The view lives in the URL; an API key, when the server has
 * keys, lives in this tab's sessionStorage only and goes out as a Bearer token.
 */
const KEY = 'attack-kg.apiKey';
const CSV_PATH = '/api/v1/coverage.csv'; // the CSV export route (src/coverage/export.ts)
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

const authHeaders = (): Record<string, string> => {
  const key = sessionStorage.getItem(KEY);
  return key ? { authorization: `Bearer ${key}` } : {};
};

const exec: Exec = async (query, variables = {}) => {
  for (;;) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status === 401) {
      const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] };
      await askForKey(body.errors?.[0]?.message ?? 'an API key is required');
      continue;
    }
    const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }
};

let keyPrompt: Promise<void> | null = null;
/** One dialog however many requests were refused; resolves once a key is entered. */
function askForKey(reason: string): Promise<void> {
  keyPrompt ??= new Promise<void>((resolve) => {
    const dialog = $<HTMLDialogElement>('dialog.key');
    $('#key-reason').textContent = reason;
    const input = $<HTMLInputElement>('#key-input');
    input.value = '';
    dialog.showModal();
    $<HTMLFormElement>('#key-form').onsubmit = (event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      sessionStorage.setItem(KEY, input.value.trim());
      dialog.close();
      keyPrompt = null;
      resolve();
    };
  });
  return keyPrompt;
}

const state: {
  view: MatrixView;
  caps?: Capabilities;
  loaded?: LoadedMatrix;
  model?: MatrixModel;
  extra: Pick<MatrixData, 'detection' | 'evidence'>;
  telemetry: boolean;
} = { view: viewFromParams(new URLSearchParams(location.search)), extra: {}, telemetry: false };

function shell() {
  const style = document.createElement('style');
  style.textContent = MATRIX_CSS;
  document.head.append(style);
  document.body.innerHTML = `
<header class="bar"><h1>attack-kg · ATT&amp;CK coverage matrix</h1><span id="summary"></span><a href="/">GraphQL playground</a></header>
<form class="filters" id="filters" aria-label="Filters">
  <label>Release <select name="release"></select></label>
  <label>Platforms <select name="platforms" multiple size="3"></select></label>
  <label>Business units <input name="businessUnits" placeholder="Sales, IT"></label>
  <label>Environments <input name="environments" placeholder="prod"></label>
  <label>Criticalities <input name="criticalities" placeholder="critical"></label>
  <label>Tags (all of) <input name="tags"></label>
  <label>Min. state <select name="minState"><option value="">MONITORED (default)</option><option>CONFIGURED</option><option>TESTED</option><option>MONITORED</option></select></label>
  <label>Precision <select name="precision"><option value="">DATA_COMPONENT (default)</option><option>DATA_COMPONENT</option><option>LOG_SOURCE</option></select></label>
  <label id="evidence-filter" hidden>Evidence <select name="evidence"><option value="">DECLARED (default)</option><option>DECLARED</option><option>OBSERVED</option><option>TELEMETRY</option></select></label>
  <label id="freshness-filter" hidden>Freshness (days) <input name="freshnessDays" type="number" min="1" size="4"></label>
  <label>Adversary <span><select name="adversaryKind"><option value="group">group</option><option value="software">software</option><option value="campaign">campaign</option></select>
    <input name="adversary" placeholder="G0016, APT29" size="10"></span></label>
  <button type="submit">Apply</button>
</form>
<div class="layers" role="group" aria-label="Layer">Layer:
  <button type="button" data-layer="visibility" aria-pressed="true">Visibility</button>
  <button type="button" data-layer="detection" aria-pressed="false" hidden>Detection</button>
  <button type="button" data-layer="evidence" aria-pressed="false" hidden>Evidence</button>
</div>
<div class="exports">Export: <button type="button" id="export-csv">CSV</button><button type="button" id="export-layer">Navigator layer</button>
  <button type="button" id="export-svg">SVG</button><button type="button" id="export-png">PNG</button></div>
<div class="status" id="status" role="status" aria-live="polite">Loading…</div>
<div id="legend"></div>
<main id="matrix" aria-label="ATT&amp;CK matrix"></main>
<aside class="panel" id="panel" hidden aria-label="Technique"></aside>
<dialog class="key"><form id="key-form" method="dialog"><p>This server needs an API key. <span id="key-reason"></span></p>
  <p>It is kept for this tab only (sessionStorage).</p><label>API key <input id="key-input" type="password" autocomplete="off"></label>
  <button type="submit">Use key</button></form></dialog>`;
}

const status = (text: string, error = false) => {
  const el = $('#status');
  el.textContent = text;
  el.classList.toggle('error', error);
};

function writeUrl(replace = false) {
  const query = paramsOfView(state.view).toString();
  const url = `${location.pathname}${query ? `?${query}` : ''}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

/** The form shows the view. */
function fillForm() {
  const form = $<HTMLFormElement>('#filters');
  const v = state.view;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  const release = field('release') as HTMLSelectElement;
  release.innerHTML =
    `<option value="">newest</option>` +
    (state.loaded?.releases ?? []).map((r) => `<option value="${escapeHtml(r.version)}">${escapeHtml(r.version)}</option>`).join('');
  release.value = v.release ?? '';
  const platforms = field('platforms') as HTMLSelectElement;
  platforms.innerHTML = (state.loaded?.platforms ?? [])
    .map((p) => `<option${v.platforms.includes(p) ? ' selected' : ''}>${escapeHtml(p)}</option>`)
    .join('');
  for (const k of ['businessUnits', 'environments', 'criticalities', 'tags'] as const) field(k).value = v[k].join(', ');
  for (const k of ['minState', 'precision', 'evidence'] as const) field(k).value = v[k] ?? '';
  field('freshnessDays').value = v.freshnessDays ? String(v.freshnessDays) : '';
  const kind = v.group ? 'group' : v.software ? 'software' : v.campaign ? 'campaign' : 'group';
  field('adversaryKind').value = kind;
  field('adversary').value = v.group ?? v.software ?? v.campaign ?? '';
  $('#evidence-filter').hidden = !state.caps?.evidence;
  $('#freshness-filter').hidden = !state.caps?.freshnessDays;
}

function readForm(): MatrixView {
  const form = $<HTMLFormElement>('#filters');
  const data = new FormData(form);
  const text = (k: string) => String(data.get(k) ?? '').trim() || undefined;
  const list = (k: string) =>
    String(data.get(k) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const kind = text('adversaryKind') ?? 'group';
  const adversary = text('adversary');
  const days = Number(text('freshnessDays'));
  return {
    ...state.view,
    release: text('release'),
    platforms: data.getAll('platforms').map(String),
    businessUnits: list('businessUnits'),
    environments: list('environments'),
    criticalities: list('criticalities'),
    tags: list('tags'),
    minState: text('minState'),
    precision: text('precision'),
    evidence: text('evidence'),
    freshnessDays: Number.isInteger(days) && days > 0 ? days : undefined,
    group: kind === 'group' ? adversary : undefined,
    software: kind === 'software' ? adversary : undefined,
    campaign: kind === 'campaign' ? adversary : undefined,
  };
}

function renderLayers() {
  const available = state.model?.layers ?? { visibility: true, detection: false, evidence: false };
  const shown: Record<Layer, boolean> = { ...available, evidence: state.telemetry, detection: available.detection };
  if (!shown[state.view.layer]) state.view.layer = 'visibility';
  for (const b of document.querySelectorAll<HTMLButtonElement>('.layers button')) {
    const layer = b.dataset.layer as Layer;
    b.hidden = !shown[layer];
    b.setAttribute('aria-pressed', String(layer === state.view.layer));
  }
}

function renderMatrix() {
  if (!state.loaded) return;
  const model = (state.model = buildMatrix({ ...state.loaded.data, ...state.extra }));
  renderLayers();
  const root = $('#matrix');
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.technique;
  root.innerHTML = matrixHtml(model, state.view.layer, new Set(state.view.open));
  $('#legend').innerHTML = legendHtml(state.view.layer);
  const withRows = [...model.cells.values()].filter((c) => c.total).length;
  const adversary = adversaryOf(state.view);
  $('#summary').textContent =
    `ATT&CK ${model.release} · ${model.cells.size} techniques, ${withRows} with hosts · ${state.loaded.rowCount} coverage rows` +
    (adversary ? ` · highlighting ${Object.values(adversary)[0]}` : '');
  if (focused) {
    const again = root.querySelector<HTMLElement>(`.cell[data-technique="${focused}"]`);
    if (again) focusCell(root, again);
  }
}

async function load() {
  status('Loading…');
  state.extra = {};
  delete document.body.dataset.ready;
  delete document.body.dataset.layers;
  try {
    $('#panel').hidden = !state.view.technique;
    state.caps ??= await detectCapabilities(exec);
    state.loaded = await loadMatrix(exec, state.view, state.caps);
    fillForm();
    renderMatrix();
    status('');
    document.body.dataset.ready = 'true';
    if (state.view.technique) void openPanel(state.view.technique);
    void loadLayers();
  } catch (e) {
    status((e as Error).message, true);
    document.body.dataset.ready = 'error';
  }
}

/** Evidence and detection layers, when the server and the data have them: after the matrix, not before it. */
async function loadLayers() {
  const caps = state.caps!;
  const view = state.view;
  try {
    state.telemetry = caps.evidence && (await telemetryExists(exec, caps));
    const [detection, evidence] = await Promise.all([
      // The detection layer is the newest field: if its answer is not what this page expects, the layer stays off and the matrix works.
      loadDetection(exec, view, caps).catch((e: Error) => {
        status(`The detection layer is unavailable: ${e.message}`);
        return null;
      }),
      state.telemetry ? loadEvidence(exec, view, caps) : Promise.resolve(null),
    ]);
    if (view !== state.view) return;
    state.extra = { detection, evidence };
    renderMatrix();
  } catch (e) {
    status(`layers: ${(e as Error).message}`, true);
  }
  document.body.dataset.layers = 'true';
}

const num = (n: number) => `<td class="n">${n}</td>`;
const uses = (list: { logSource: { id: string }; configured: number; tested: number; monitored: number; atMinState: number }[]) =>
  list.length
    ? list
        .map(
          (u) =>
            `${escapeHtml(u.logSource.id)}: ${u.atMinState} at min. state (${u.monitored} monitored, ${u.tested} tested, ${u.configured} configured)`,
        )
        .join('<br>')
    : '<em>none of our log sources</em>';

/** The same question in the playground: it takes `query` and `variables` from its URL. */
function playgroundLink(id: string): string {
  const p = new URLSearchParams({
    query: PANEL_QUERY,
    variables: JSON.stringify(
      { id, q: coverageQueryOf(state.view, state.caps!), rq: { ...coverageQueryOf(state.view, state.caps!), techniques: [id] } },
      null,
      2,
    ),
  });
  return `/?${p.toString()}`;
}

type BlindPage = {
  totalCount: number;
  nodes: { id: string; hostname: string | null; businessUnit: string | null; environment: string | null; criticality: string | null }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const blindRows = (page: BlindPage) =>
  page.nodes
    .map(
      (h) =>
        `<tr><td>${escapeHtml(h.id)}</td><td>${escapeHtml(h.hostname ?? '')}</td><td>${escapeHtml([h.businessUnit, h.environment, h.criticality].filter(Boolean).join(' / '))}</td></tr>`,
    )
    .join('');

async function openPanel(id: string) {
  const panel = $('#panel');
  panel.hidden = false;
  panel.innerHTML = `<p>Loading ${escapeHtml(id)}…</p>`;
  for (const c of document.querySelectorAll('.cell.selected')) c.classList.remove('selected');
  for (const c of document.querySelectorAll(`.cell[data-technique="${id}"]`)) c.classList.add('selected');
  const q = coverageQueryOf(state.view, state.caps!);
  try {
    const data = await exec(PANEL_QUERY, { id, q, rq: { ...q, techniques: [id] } });
    const t = data.techniqueCoverage;
    if (!t) throw new Error(`no technique ${id}`);
    const cell = state.model?.cells.get(id);
    const rec = data.recommendations[0];
    const platforms = t.platforms
      .map(
        (p: Json) => `<section class="platform" data-platform="${escapeHtml(p.platform)}"><h3>${escapeHtml(p.platform)}</h3>
<table><tr><th class="n">hosts</th><th class="n">covered</th><th class="n">blind</th>${cell?.detected !== undefined ? '<th class="n">detected</th>' : ''}</tr>
<tr class="counts" data-platform="${escapeHtml(p.platform)}">${num(p.hostsTotal)}${num(p.hostsCovered)}${num(p.hostsBlind)}${cell?.detected !== undefined ? num(detectedOn(id, p.platform)) : ''}</tr></table>
${p.noAttackGuidance ? '<p><em>ATT&amp;CK names nothing that detects it on this platform.</em></p>' : ''}
${p.dataComponents.length ? `<h4>Data components ATT&amp;CK lists</h4><table><tr><th>component</th><th class="n">hosts</th><th>our log sources</th></tr>${p.dataComponents.map((d: Json) => `<tr><td>${escapeHtml(d.name)}</td>${num(d.hosts)}<td>${uses(d.collectedBy)}</td></tr>`).join('')}</table>` : ''}
${p.logSources.length ? `<h4>Log sources (name, channel) its analytics use</h4><table><tr><th>name</th><th>channel</th><th class="n">hosts</th><th>our log sources</th></tr>${p.logSources.map((l: Json) => `<tr><td>${escapeHtml(l.name)}</td><td>${escapeHtml(l.channel ?? '')}</td>${num(l.hosts)}<td>${uses(l.collectedBy)}</td></tr>`).join('')}</table>` : ''}
<h4>Blind hosts (${p.blindHosts.totalCount})</h4><table class="blind"><tbody>${blindRows(p.blindHosts)}</tbody></table>
${p.blindHosts.pageInfo.hasNextPage ? `<button type="button" class="more" data-platform="${escapeHtml(p.platform)}" data-after="${escapeHtml(p.blindHosts.pageInfo.endCursor)}">More blind hosts</button>` : ''}
</section>`,
      )
      .join('');
    const recommendation = rec
      ? `<p class="recommendation"><strong>Top recommendation:</strong> enable ${escapeHtml(rec.logSource?.id ?? `${rec.name}${rec.channel ? ` (${rec.channel})` : ''}`)} on ${escapeHtml(rec.platforms.join(', '))}: closes ${rec.blindPairs} blind (technique, host) pairs here.</p>`
      : '<p class="recommendation">No recommendation: nothing in the inventory or ATT&amp;CK would close a gap here.</p>';
    const rules = state.caps?.detectionRules && state.model?.layers.detection ? await rulesHtml(id) : '';
    panel.innerHTML = `<button type="button" class="close" aria-label="Close the panel">✕</button>
<h2>${escapeHtml(t.technique.attackId)} ${escapeHtml(t.technique.name)}</h2>
<p><a href="${escapeHtml(playgroundLink(id))}" target="_blank" id="playground-link">Open this question in the playground</a></p>
${recommendation}${platforms || '<p>No hosts on its platforms in this view.</p>'}${rules}`;
  } catch (e) {
    panel.innerHTML = `<button type="button" class="close" aria-label="Close the panel">✕</button><p class="error">${escapeHtml((e as Error).message)}</p>`;
  }
  panel.dataset.technique = id;
}

/** The rules counting for the technique (detection layer): where deployed, where they fire, where they cannot. */
async function rulesHtml(id: string): Promise<string> {
  const filter: Record<string, unknown> = { technique: id };
  if (state.view.release) filter.release = state.view.release;
  if (state.view.minState) filter.minState = state.view.minState;
  try {
    const { detectionRules } = await exec(RULES_QUERY, { filter });
    if (!detectionRules.totalCount) return '<h3>Rules</h3><p>No rule counts for it.</p>';
    return (
      `<h3>Rules (${detectionRules.totalCount})</h3><table class="rules"><tr><th>rule</th><th>platforms</th><th class="n">deployed</th><th class="n">fires</th><th class="n">cannot fire</th></tr>` +
      detectionRules.nodes
        .map(
          (r: Json) =>
            `<tr><td>${escapeHtml(r.title)}${r.mapped ? '' : ' <em>(log source not mapped: fires nowhere)</em>'}</td><td>${escapeHtml(r.platforms.join(', '))}</td>${num(r.deployedHosts)}${num(r.firingHosts)}${num(r.cannotFireHosts)}</tr>`,
        )
        .join('') +
      '</table>'
    );
  } catch (e) {
    return `<h3>Rules</h3><p class="error">${escapeHtml((e as Error).message)}</p>`;
  }
}

function detectedOn(id: string, platform: string): number {
  return state.extra.detection?.find((r) => r.technique.attackId === id && r.platform === platform)?.hostsDetected ?? 0;
}

async function moreBlind(button: HTMLButtonElement) {
  // One page at a time: a second click before the answer would fetch the same page again.
  if (button.disabled) return;
  button.disabled = true;
  const id = $('#panel').dataset.technique!;
  const platform = button.dataset.platform!;
  const q = { ...coverageQueryOf(state.view, state.caps!), platforms: [platform] };
  const data = await exec(BLIND_PAGE_QUERY, { id, q, after: button.dataset.after });
  const page: BlindPage = data.techniqueCoverage.platforms.find((p: Json) => p.platform === platform).blindHosts;
  button.previousElementSibling!.querySelector('tbody')!.insertAdjacentHTML('beforeend', blindRows(page));
  if (page.pageInfo.hasNextPage) [button.dataset.after, button.disabled] = [page.pageInfo.endCursor!, false];
  else button.remove();
}

function download(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function fetchFile(path: string): Promise<{ blob: Blob; name: string }> {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'attack-kg-export';
  return { blob: await response.blob(), name };
}

const title = () => `attack-kg coverage · ATT&CK ${state.model?.release ?? ''} · ${state.view.layer}`;

async function exportAs(kind: string) {
  try {
    const q = coverageQueryOf(state.view, state.caps!);
    if (kind === 'csv') {
      const query = paramsFromInput(q).toString();
      const { blob, name } = await fetchFile(`${CSV_PATH}${query ? `?${query}` : ''}`);
      download(name, blob);
    } else if (kind === 'layer') {
      const data = await exec('query($q: CoverageQuery) { navigatorLayer(query: $q) { downloadUrl } }', { q });
      const { blob, name } = await fetchFile(data.navigatorLayer.downloadUrl);
      download(name, blob);
    } else {
      const svg = matrixSvg(state.model!, state.view.layer, title());
      const base = `attack-kg-matrix-${state.model!.release}-${state.view.layer}`;
      if (kind === 'svg') download(`${base}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
      else download(`${base}.png`, await svgToPng(svg));
    }
  } catch (e) {
    status((e as Error).message, true);
  }
}

function svgToPng(svg: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [image.width, image.height];
      canvas.getContext('2d')!.drawImage(image, 0, 0);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png');
    };
    image.onerror = () => reject(new Error('the SVG did not load'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

function wire() {
  const root = $('#matrix');
  installKeyboard(root);
  root.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const toggle = target.closest<HTMLElement>('.toggle');
    if (toggle) {
      const open = toggleSubs(toggle);
      const id = toggle.dataset.toggle!;
      state.view.open = open ? [...state.view.open, id] : state.view.open.filter((x) => x !== id);
      writeUrl(true);
      return;
    }
    const cell = target.closest<HTMLElement>('.cell');
    if (cell) {
      focusCell(root, cell);
      state.view.technique = cell.dataset.technique;
      writeUrl();
      void openPanel(cell.dataset.technique!);
    }
  });
  $('#panel').addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('.close')) {
      $('#panel').hidden = true;
      state.view.technique = undefined;
      writeUrl();
      const cell = root.querySelector<HTMLElement>('.cell.selected');
      if (cell) focusCell(root, cell);
    }
    const more = target.closest<HTMLButtonElement>('.more');
    if (more)
      void moreBlind(more).catch((e: Error) => {
        more.disabled = false;
        status(e.message, true);
      });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('#panel').hidden) ($('#panel .close') as HTMLElement | null)?.click();
  });
  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    state.view = readForm();
    writeUrl();
    void load();
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>('.layers button'))
    b.addEventListener('click', () => {
      state.view.layer = b.dataset.layer as Layer;
      writeUrl(true);
      renderMatrix();
    });
  for (const kind of ['csv', 'layer', 'svg', 'png']) $(`#export-${kind}`).addEventListener('click', () => void exportAs(kind));
  window.addEventListener('popstate', () => {
    state.view = viewFromParams(new URLSearchParams(location.search));
    if (!LAYERS.includes(state.view.layer)) state.view.layer = 'visibility';
    void load();
  });
}

shell();
wire();
void load();
