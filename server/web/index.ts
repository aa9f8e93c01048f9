import type { Hono } from 'hono';
import type { Services } from '../../tools/services.js';
import { createIcebergRestApp } from '../iceberg-rest.js';
import { mountClusterPages } from './clusters.js';
import { mountDashboard } from './dashboard.js';
import { mountSchemaPages } from './schemas.js';

/** Every web page Quarry serves next to `/mcp`, behind the same token (as a cookie after /login). */
export function mountWebPages(app: Hono, services: Services): void {
  app.route('/iceberg', createIcebergRestApp(services));
  mountDashboard(app, services);
  mountClusterPages(app, services);
  mountSchemaPages(app, services);
}
