import type { z } from 'zod';
import type { Services } from './services.js';
import { crawlSiteTool } from './crawl_site.js';
import { crawlJobResource, crawlStatusTool } from './crawl_status.js';
import { extractDocumentTool } from './extract_document.js';
import { listClustersTool } from './list_clusters.js';
import { listTablesTool, queryLakehouseTool, tableResource } from './query_lakehouse.js';
import { reclusterTool } from './recluster.js';
import { approveSchemaTool, listAlertsTool, proposeSchemaTool, reviewSchemaPrompt, schemaResource } from './schemas.js';
import { clusterResource } from './resources/clusters.js';
import { statusTool } from './status.js';
import type { PromptDefinition, ResourceDefinition, ToolDefinition } from './tool.js';

/**
 * The registry: every tool, resource and prompt Quarry serves. The MCP server registers these, the README's tool
 * table is generated from them, and tests call them through a real MCP client.
 */
// A tool's handler is a method, so a tool over narrower deps fits this list (method parameters are bivariant).
export type AnyTool = ToolDefinition<z.ZodObject, z.ZodObject, Services>;
export type AnyResource = ResourceDefinition<Services>;
export type AnyPrompt = PromptDefinition<z.ZodRawShape, Services>;

export const ALL_TOOLS: readonly AnyTool[] = [statusTool, crawlSiteTool, crawlStatusTool, extractDocumentTool, listClustersTool, reclusterTool, proposeSchemaTool, approveSchemaTool, listAlertsTool, queryLakehouseTool, listTablesTool];

export const ALL_RESOURCES: readonly AnyResource[] = [crawlJobResource, clusterResource, schemaResource, tableResource];

export const ALL_PROMPTS: readonly AnyPrompt[] = [reviewSchemaPrompt];
