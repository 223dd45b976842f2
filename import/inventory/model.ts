import { InputError } from '../../src/errors';
import { AssetRecord } from '../../src/inventory/asset';
import { LogSourceRecord } from '../../src/inventory/log-source';
import { dateOfDay } from '../../src/inventory/dates';
import { Selector } from '../../src/inventory/schema';
import { selectorPredicate } from '../../src/inventory/selector';
import { perRank, RANKS, stateOf } from '../../src/inventory/states';

/** One inventory, validated and held compactly until it is written. */

export interface ControlRecord {
  id: string;
  name: string;
  type: string | null;
  /** Indexes into `logSources`. */
  produces: number[];
}

/** Largest assets x log sources matrix held in memory (5 bytes a cell). */
const MAX_CELLS = 200_000_000;

export interface ProfileRecord {
  key: string;
  platforms: string[];
  collects: string[];
  hosts: number;
}

/**
 * An inventory as read and checked, held in memory until write.ts stores it as a snapshot (what
 * coverage later reads back is src/coverage's CoverageInventory). Assets, log sources and
 * controls as records; collection and deployments as typed arrays indexed by (asset, log source)
 * and (control, asset), so 2M collection rows cost a few bytes each rather than an object each.
 * Assets and log sources are all added before `seal()`, then collection and deployments.
 */
export class ParsedInventory {
  readonly assets: AssetRecord[] = [];
  readonly logSources: LogSourceRecord[] = [];
  readonly controls: ControlRecord[] = [];
  private readonly assetIndex = new Map<string, number>();
  private readonly logSourceIndex = new Map<string, number>();
  private readonly controlIndex = new Map<string, number>();
  /** Collection rows read (before merging duplicates and control-implied collection). */
  collectionRows = 0;
  private width = 0;
  private rank = new Uint8Array(0);
  /** Control index + 1 whose deployment gives the rank; 0 = collected explicitly. */
  private via = new Uint16Array(0);
  private since = new Uint16Array(0);
  private deployed: Uint8Array[] = [];

  /** Index of an existing id, or undefined. */
  asset = (id: string) => this.assetIndex.get(id);
  logSource = (id: string) => this.logSourceIndex.get(id);
  control = (id: string) => this.controlIndex.get(id);

  /** False when the id is taken. */
  addAsset(asset: AssetRecord): boolean {
    if (this.assetIndex.has(asset.id)) return false;
    this.assetIndex.set(asset.id, this.assets.length);
    this.assets.push(asset);
    return true;
  }

  addLogSource(ls: LogSourceRecord): boolean {
    if (this.logSourceIndex.has(ls.id)) return false;
    this.logSourceIndex.set(ls.id, this.logSources.length);
    this.logSources.push(ls);
    return true;
  }

  addControl(control: ControlRecord): boolean {
    if (this.controlIndex.has(control.id)) return false;
    if (this.controls.length >= 0xfffe) throw new InputError('more than 65534 controls: not supported');
    this.controlIndex.set(control.id, this.controls.length);
    this.controls.push(control);
    return true;
  }

  /** Assets and log sources are complete: allocates the collection matrix. */
  seal() {
    this.width = this.logSources.length;
    const cells = this.assets.length * this.width;
    if (cells > MAX_CELLS) {
      throw new InputError(
        `${this.assets.length} assets x ${this.width} log sources is more than this importer holds (${MAX_CELLS} pairs)`,
      );
    }
    this.rank = new Uint8Array(cells);
    this.via = new Uint16Array(cells);
    this.since = new Uint16Array(cells);
    this.deployed = this.controls.map(() => new Uint8Array(this.assets.length));
  }

  /** One collection fact; the highest state wins, and among equal states an explicit row, then the earliest date. */
  collect(asset: number, logSource: number, rank: number, since: number, viaControl = 0) {
    const cell = asset * this.width + logSource;
    const have = this.rank[cell];
    let better = rank > have;
    if (rank === have && have) {
      const current = this.via[cell];
      if (current !== 0 && viaControl === 0) better = true;
      else if (current === 0 && viaControl === 0) better = since !== 0 && (this.since[cell] === 0 || since < this.since[cell]);
    }
    if (!better) return;
    this.rank[cell] = rank;
    this.via[cell] = viaControl;
    this.since[cell] = since;
  }

  deploy(control: number, asset: number, rank: number) {
    if (rank > this.deployed[control][asset]) this.deployed[control][asset] = rank;
  }

  /** Matching asset indexes. */
  select(selector: Selector | '*' | string[]): number[] {
    if (selector === '*') return this.assets.map((_, i) => i);
    if (Array.isArray(selector)) return selector.map((id) => this.assetIndex.get(id)).filter((i): i is number => i !== undefined);
    const match = selectorPredicate(selector);
    const out: number[] = [];
    this.assets.forEach((a, i) => match(a) && out.push(i));
    return out;
  }

  /** A control deployed on an asset in state S collects each log source it produces there in state S. */
  applyControls() {
    this.controls.forEach((control, c) => {
      const deployed = this.deployed[c];
      for (let a = 0; a < deployed.length; a += 1) {
        if (deployed[a]) for (const ls of control.produces) this.collect(a, ls, deployed[a], 0, c + 1);
      }
    });
  }

  /** An asset's collection, ordered by log source index. */
  *collectionOf(asset: number): Generator<{ logSource: number; rank: number; since: string | null; viaControl: string | null }> {
    const base = asset * this.width;
    for (let ls = 0; ls < this.width; ls += 1) {
      const rank = this.rank[base + ls];
      if (rank) {
        const via = this.via[base + ls];
        yield { logSource: ls, rank, since: dateOfDay(this.since[base + ls]), viaControl: via ? this.controls[via - 1].id : null };
      }
    }
  }

  *deploymentsOf(asset: number): Generator<{ control: number; rank: number }> {
    for (let c = 0; c < this.controls.length; c += 1) if (this.deployed[c][asset]) yield { control: c, rank: this.deployed[c][asset] };
  }

  /** Hosts with the same platforms and the same (log source, effective state) set: one profile (`profileOf[asset]` indexes `profiles`). */
  profiles(snapshot: string): { profiles: ProfileRecord[]; profileOf: Uint32Array } {
    // Entries "<id>=<rank>" in their final sorted order, so each asset's list comes out sorted.
    const entries: { ls: number; rank: number; text: string }[] = [];
    this.logSources.forEach((ls, i) => {
      for (const r of RANKS) entries.push({ ls: i, rank: r, text: `${ls.id}=${r}` });
    });
    entries.sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
    const bySignature = new Map<string, number>();
    const profiles: ProfileRecord[] = [];
    const profileOf = new Uint32Array(this.assets.length);
    this.assets.forEach((asset, a) => {
      const base = a * this.width;
      const collects = entries.filter((e) => this.rank[base + e.ls] === e.rank).map((e) => e.text);
      const signature = `${asset.platforms.join('\u0001')}\u0002${collects.join('\u0001')}`;
      let p = bySignature.get(signature);
      if (p === undefined) {
        p = profiles.length;
        bySignature.set(signature, p);
        profiles.push({ key: `${snapshot}|p${p}`, platforms: asset.platforms, collects, hosts: 0 });
      }
      profiles[p].hosts += 1;
      profileOf[a] = p;
    });
    return { profiles, profileOf };
  }

  counts(): Record<string, number> {
    let collects = 0;
    const byState = perRank();
    for (const r of this.rank)
      if (r) {
        collects += 1;
        byState[r] += 1;
      }
    let deployedOn = 0;
    for (const d of this.deployed) for (const r of d) if (r) deployedOn += 1;
    return {
      assets: this.assets.length,
      logSources: this.logSources.length,
      controls: this.controls.length,
      collectionRows: this.collectionRows,
      collects,
      ...Object.fromEntries(RANKS.map((r) => [`collects_${stateOf(r)}`, byState[r]])),
      deployedOn,
      produces: this.controls.reduce((n, c) => n + c.produces.length, 0),
    };
  }
}
