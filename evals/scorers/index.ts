export { valueRecall, type RecallReport } from './values.js';
export { adjustedRandIndex, normalizedMutualInformation, purity } from '../../pipeline/clustering/metrics.js';
export { fieldAlignedScores, type FieldScores, type TypedDocument } from './fields.js';
export { schemaScores, type SchemaScores, type SchemaFieldLike } from './schema.js';
export { standardCorruptions, validationCatchRate, type CatchRate, type Corruption } from './validation.js';
export { costFromSpans, latencyFromSpans, StageTimer, type CostScores } from './cost.js';
