import { Caches } from '../cache/caches';
import { Bits, bitIndexes, bitsInterner, emptyBits, intersects, orInto } from '../coverage/bits';
import { rowsOf } from '../coverage/coverage';
import { CoverageInput } from '../coverage/params';
import { candidateLabel, recommendationCandidates } from '../coverage/views/recommendations';
import { CoverageGainRecord } from '../coverage/records';
import { DetectionRecommendationRecord, DetectionRuleView, ThreatDetectionRecord, ThreatTechniqueRecord } from './records';
import { detection, detectionCoverage } from './views';

/**
 * Host groups alike for what enabling a log source changes: the rules deployed on them, those
 * firing today, and their platforms (a candidate is enabled on every host with one of its
 * platforms, so a host of several platforms gains on all its rows).
 */
interface Group {
  deployed: Bits;
  effective: Bits;
  platforms: readonly string[];
  hosts: number;
}

/**
 * Log sources (the visibility recommendations' candidates: inventory ones enabled on more hosts,
 * ATT&CK pairs nobody collects) ranked by the (technique, host) detections they would add: a host
 * of the candidate's platforms that does not detect T today gains it when a rule counting for T
 * is deployed there and reads the candidate (DETECTIONS.md's rule with the candidate collected).
 */
export async function detectionRecommendations(
  caches: Caches,
  input: CoverageInput = {},
  limit = 20,
): Promise<DetectionRecommendationRecord[]> {
  const { resolved, det, techniques, views, units } = await detection(caches, input);
  const { model } = det;
  const intern = bitsInterner();
  const groups = new Map<string, Group>();
  for (const u of units) {
    const profile = det.basis.profiles[u.profile];
    const effective = emptyBits(model.rules.length);
    const fires = det.fires[u.profile][resolved.minRank];
    for (let w = 0; w < effective.length; w += 1) effective[w] = u.deployed[w] & fires[w];
    const key = `${intern(u.deployed)}|${intern(effective)}|${profile.platforms.join('|')}`;
    const g = groups.get(key);
    if (g) g.hosts += u.hosts;
    else groups.set(key, { deployed: u.deployed, effective, platforms: profile.platforms, hosts: u.hosts });
  }
  const all = [...groups.values()];
  const byPlatform = new Map<string, Group[]>();
  for (const g of all) for (const p of g.platforms) byPlatform.set(p, [...(byPlatform.get(p) ?? []), g]);
  const rows = rowsOf(resolved).filter((r) => techniques.byTechnique.has(r.technique.id));

  // Candidates letting the same rules fire on the same platforms add the same detections: score each such key once.
  const scored = new Map<
    string,
    { detections: number; closes: CoverageGainRecord[]; rules: { view: DetectionRuleView; hosts: number }[] }
  >();
  const out: (DetectionRecommendationRecord & { label: string })[] = [];
  for (const c of await recommendationCandidates(resolved)) {
    const requirements = c.name === null ? [] : [...model.pairMatch.match(c.name, c.channel)];
    const ref = c.logSource ? model.refIndex.get(c.logSource.id) : undefined;
    if (ref !== undefined) requirements.push(ref);
    const reads = emptyBits(model.rules.length);
    for (const j of requirements) orInto(reads, model.rulesNeeding[j]);
    const platforms = c.platforms ? [...c.platforms].sort() : null;
    const key = `${intern(reads)}|${platforms?.join('|') ?? '*'}`;
    let score = scored.get(key);
    if (!score) {
      const enabled = (g: Group) => !platforms || g.platforms.some((p) => platforms.includes(p));
      // Per group: the rules it would start firing (deployed, reading the candidate, not firing today).
      const gained = new Map<Group, Bits>();
      for (const g of all) {
        if (!enabled(g)) continue;
        const bits = emptyBits(model.rules.length);
        let any = 0;
        for (let w = 0; w < bits.length; w += 1) any |= bits[w] = g.deployed[w] & reads[w] & ~g.effective[w];
        if (any) gained.set(g, bits);
      }
      const closes: CoverageGainRecord[] = [];
      for (const r of gained.size ? rows : []) {
        const counting = techniques.byTechnique.get(r.technique.id)!.bits;
        if (!intersects(counting, reads)) continue;
        let hosts = 0;
        for (const g of byPlatform.get(r.platform) ?? []) {
          const bits = gained.get(g);
          if (bits && intersects(bits, counting) && !intersects(g.effective, counting)) hosts += g.hosts;
        }
        if (hosts) closes.push({ technique: r.technique.node, platform: r.platform, hosts });
      }
      const firing = new Float64Array(model.rules.length);
      for (const [g, bits] of gained) for (const k of bitIndexes(bits)) firing[k] += g.hosts;
      const rules = [...bitIndexes(reads)]
        .filter((k) => firing[k] > 0)
        .map((k) => ({ view: views[k], hosts: firing[k] }))
        .sort((a, b) => b.hosts - a.hosts || a.view.rule.id.localeCompare(b.view.rule.id));
      scored.set(key, (score = { detections: closes.reduce((s, x) => s + x.hosts, 0), closes, rules }));
    }
    if (!score.detections) continue;
    out.push({
      logSource: c.logSource,
      name: c.name,
      channel: c.channel,
      platforms: platforms ?? [...byPlatform.keys()].sort(),
      ...score,
      label: candidateLabel(c),
    });
  }
  out.sort((a, b) => b.detections - a.detections || a.label.localeCompare(b.label));
  // closes are in the rows' order (technique, platform).
  return out.slice(0, limit).map(({ label: _label, ...r }) => r);
}

/**
 * The threat-informed view: the query's techniques (a group's, software's or campaign's when it
 * names one) split by the detection rows of `detectionCoverage`: detected when some host detects
 * it on some platform, visible only when some host covers it and none detects it, else blind.
 */
export async function threatDetection(caches: Caches, input: CoverageInput = {}): Promise<ThreatDetectionRecord> {
  const { release, rows } = await detectionCoverage(caches, input);
  const byTechnique = new Map<string, ThreatTechniqueRecord>();
  for (const r of rows) {
    let t = byTechnique.get(r.technique.id);
    if (!t)
      byTechnique.set(r.technique.id, (t = { technique: r.technique.node, hostsTotal: 0, hostsCovered: 0, hostsDetected: 0, rows: [] }));
    t.hostsTotal += r.hostsTotal;
    t.hostsCovered += r.hostsCovered;
    t.hostsDetected += r.hostsDetected;
    t.rows.push(r);
  }
  const out: ThreatDetectionRecord = { release, detected: [], visibleOnly: [], blind: [] };
  for (const t of byTechnique.values()) {
    if (t.rows.some((r) => r.hostsDetected > 0)) out.detected.push(t);
    else if (t.rows.some((r) => r.hostsCovered > 0)) out.visibleOnly.push(t);
    else out.blind.push(t);
  }
  return out;
}
