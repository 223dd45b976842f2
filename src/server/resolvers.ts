import { Resolvers } from '../generated/graphql';
import { attackResolvers } from '../attack/resolvers';
import { syncResolvers } from '../attack/sync/resolvers';
import { diffResolvers } from '../attack/diff-resolvers';
import { inventoryResolvers } from '../inventory/resolvers';
import { coverageResolvers } from '../coverage/resolvers';
import { telemetryResolvers } from '../telemetry/resolvers';
import { detectionResolvers } from '../detections/resolvers';

/** Each area contributes its resolvers; Query and Mutation fields are merged. */
const areas: Resolvers[] = [
  attackResolvers,
  syncResolvers,
  diffResolvers,
  inventoryResolvers,
  coverageResolvers,
  telemetryResolvers,
  detectionResolvers,
];

export function mergeResolvers(list: Resolvers[] = areas): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const area of list) {
    for (const [type, fields] of Object.entries(area)) merged[type] = { ...(merged[type] ?? {}), ...(fields as object) };
  }
  return merged as Resolvers;
}
