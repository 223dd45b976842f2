import { ZodTypeAny } from 'zod';
import { analyticSchema } from './analytic';
import { attackPatternSchema } from './attack-pattern';
import { campaignSchema } from './campaign';
import { collectionSchema } from './collection';
import { dataComponentSchema } from './data-component';
import { dataSourceSchema } from './data-source';
import { detectionStrategySchema } from './detection-strategy';
import { groupSchema } from './group';
import { matrixSchema } from './matrix';
import { mitigationSchema } from './mitigation';
import { relationshipSchema } from './relationship';
import { malwareSchema, toolSchema } from './software';
import { tacticSchema } from './tactic';

/** One schema per STIX type the importer uses; other types (identity, marking-definition, x-mitre-asset...) are skipped. */
export const schemasByType: Record<string, ZodTypeAny> = {
  'attack-pattern': attackPatternSchema,
  'x-mitre-tactic': tacticSchema,
  'x-mitre-matrix': matrixSchema,
  'x-mitre-data-source': dataSourceSchema,
  'x-mitre-data-component': dataComponentSchema,
  'x-mitre-detection-strategy': detectionStrategySchema,
  'x-mitre-analytic': analyticSchema,
  'intrusion-set': groupSchema,
  malware: malwareSchema,
  tool: toolSchema,
  campaign: campaignSchema,
  'course-of-action': mitigationSchema,
  'x-mitre-collection': collectionSchema,
  relationship: relationshipSchema,
};

export type { Analytic } from './analytic';
export type { AttackPattern } from './attack-pattern';
export type { Campaign } from './campaign';
export type { Collection } from './collection';
export type { DataComponent } from './data-component';
export type { DataSource } from './data-source';
export type { DetectionStrategy } from './detection-strategy';
export type { Group } from './group';
export type { Matrix } from './matrix';
export type { Mitigation } from './mitigation';
export type { Relationship } from './relationship';
export type { Software } from './software';
export type { Tactic } from './tactic';
export { attackReference } from './common';
