import { onReleaseSwitch } from '../attack/load-release';
import { resolveLiveSnapshots } from './resolve';

/**
 * Imported by import/attack/import-attack.ts, so every ATT&CK import path (CLI, sync, `up`)
 * re-resolves the inventory's references in the transaction that switches or removes a release.
 */
onReleaseSwitch(resolveLiveSnapshots);
