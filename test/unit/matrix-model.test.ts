import { buildMatrix, headline, valueOf } from '../../src/matrix/model';
import { paramsOfView, viewFromParams } from '../../src/matrix/queries';
import { colourOf, matrixHtml, matrixSvg } from '../../src/matrix/render';

/** The matrix model and its rendering, on a hand-made release: what /matrix and the report both draw. */
const tactics = [
  {
    attackId: 'TA0006',
    shortname: 'credential-access',
    name: 'Credential Access',
    techniques: [
      { attackId: 'T1003', name: 'OS Credential Dumping' },
      { attackId: 'T1003.001', name: 'LSASS Memory' },
      { attackId: 'T1003.010', name: 'Tenth' },
      { attackId: 'T1003.002', name: 'Security Account Manager' },
      { attackId: 'T1110', name: 'Brute <Force>' },
    ],
  },
  { attackId: 'TA0007', shortname: 'discovery', name: 'Discovery', techniques: [{ attackId: 'T1087', name: 'Account Discovery' }] },
];
const row = (t: string, platform: string, total: number, covered: number) => ({
  technique: { attackId: t },
  platform,
  hostsTotal: total,
  hostsCovered: covered,
  hostsBlind: total - covered,
});
const rows = [
  row('T1003', 'Windows', 10, 4),
  row('T1003', 'Linux', 5, 5),
  row('T1003.001', 'Windows', 10, 0),
  row('T1110', 'Windows', 10, 10),
];

describe('the matrix model', () => {
  test('cells sum their rows over platforms; sub-techniques sit under their parent in id order; no rows is no hosts', () => {
    const m = buildMatrix({ release: '18.1', tactics, rows });
    const [ca, disc] = m.columns;
    expect(ca.cells.map((c) => c.id)).toEqual(['T1110', 'T1003']); // by name: "Brute" before "OS"
    expect(ca.cells[1].subs.map((c) => c.id)).toEqual(['T1003.001', 'T1003.002', 'T1003.010']);
    expect(m.cells.get('T1003')).toMatchObject({ total: 15, covered: 9, blind: 6, platforms: ['Windows', 'Linux'] });
    expect(valueOf(m.cells.get('T1003')!, 'visibility')).toEqual({
      share: 0.6,
      count: 6,
      text: 'T1003 OS Credential Dumping: 60% covered, 6 of 15 hosts blind',
    });
    expect(valueOf(disc.cells[0], 'visibility')).toMatchObject({ share: null, count: null });
    expect(headline(m)).toEqual({ covered: 1, partial: 1, blind: 1, noHosts: 3 });
    expect(m.layers).toEqual({ visibility: true, detection: false, evidence: false });
  });

  test('detection and evidence layers exist only with their data; an adversary dims the rest', () => {
    const m = buildMatrix({
      release: '18.1',
      tactics,
      rows,
      highlight: new Set(['T1003']),
      detection: [{ technique: { attackId: 'T1003' }, platform: 'Windows', hostsDetected: 3, hostsVisibleNotDetected: 1 }],
      evidence: { declared: rows, observed: [row('T1003', 'Windows', 10, 2)] },
    });
    expect(m.layers).toEqual({ visibility: true, detection: true, evidence: true });
    const t = m.cells.get('T1003')!;
    expect(valueOf(t, 'detection')).toMatchObject({ share: 3 / 15, count: 1 });
    expect(valueOf(t, 'evidence')).toMatchObject({ share: 2 / 15, count: 7 });
    expect(m.cells.get('T1110')!.dimmed).toBe(true);
    expect(t.dimmed).toBe(false);
    // No detection rows (no rules): no layer.
    expect(buildMatrix({ release: '18.1', tactics, rows, detection: [] }).layers.detection).toBe(false);
    expect(buildMatrix({ release: '18.1', tactics, rows, detection: null }).layers.detection).toBe(false);
  });

  test('the HTML: every technique a cell with data-technique, its number and an aria-label; collapsed subs stay in the DOM; one Tab stop', () => {
    const html = matrixHtml(buildMatrix({ release: '18.1', tactics, rows }), 'visibility');
    for (const id of ['T1003', 'T1003.001', 'T1003.002', 'T1003.010', 'T1110', 'T1087']) expect(html).toContain(`data-technique="${id}"`);
    expect(html).toMatch(
      /data-technique="T1003"[^>]*aria-label="T1003 OS Credential Dumping: 60% covered, 6 of 15 hosts blind"[^>]*>.*?<span class="num">6<\/span>/,
    );
    expect(html).toContain('<div class="subs" hidden>');
    expect(html).toContain('Brute &lt;Force&gt;');
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(matrixHtml(buildMatrix({ release: '18.1', tactics, rows }), 'visibility', new Set(['T1003']))).toContain('aria-expanded="true"');
    const svg = matrixSvg(buildMatrix({ release: '18.1', tactics, rows }), 'visibility', 'x');
    expect(svg.match(/<g data-technique=/g)).toHaveLength(3);
  });

  test('the colour scale darkens steadily from full to none (cividis; readable in greyscale), no hosts grey', () => {
    const lum = (hex: string) =>
      [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).reduce((s, v, k) => s + v * [0.2126, 0.7152, 0.0722][k], 0);
    const steps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((s) => lum(colourOf(s).fill));
    for (let i = 1; i < steps.length; i += 1) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    expect(colourOf(0).ink).toBe('#ffffff');
    expect(colourOf(1).ink).toBe('#000000');
    expect(colourOf(null).fill).toBe('#d9d9d9');
  });

  test('the view round-trips through its URL', () => {
    const view = viewFromParams(
      new URLSearchParams(
        'businessUnits=IT,Sales&platforms=Windows&minState=TESTED&group=G0016&layer=evidence&open=T1003&technique=T1003&freshnessDays=3',
      ),
    );
    expect(view).toMatchObject({
      businessUnits: ['IT', 'Sales'],
      platforms: ['Windows'],
      minState: 'TESTED',
      group: 'G0016',
      layer: 'evidence',
      open: ['T1003'],
      freshnessDays: 3,
    });
    expect(viewFromParams(paramsOfView(view))).toEqual(view);
    expect(viewFromParams(new URLSearchParams('layer=bogus')).layer).toBe('visibility');
  });
});
