import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Queryable } from '../store/store.js';

/**
 * The alert list: what needs a person (a row kept out, a value left out, drift in an approved type). An alert
 * about a document in a table closes once that document loads cleanly there.
 */
export type AlertKind = 'validation_failed' | 'value_dropped' | 'drift';

export async function raiseAlert(
  db: Queryable,
  clock: Clock,
  alert: { kind: AlertKind; message: string; details: unknown; documentId?: string | null; schemaId?: string | null },
): Promise<void> {
  await db.query(`INSERT INTO alerts (id, kind, message, details, schema_id, document_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    newId('alert', clock.now().getTime()),
    alert.kind,
    alert.message,
    JSON.stringify(alert.details),
    alert.schemaId ?? null,
    alert.documentId ?? null,
    clock.now().toISOString(),
  ]);
}

/** Closes the open row alerts of a document in a table: it has just loaded there without a problem. */
export async function resolveAlerts(db: Queryable, clock: Clock, documentId: string | null, table: string): Promise<void> {
  if (!documentId) return;
  await db.query(
    `UPDATE alerts SET resolved_at = $3 WHERE document_id = $1 AND kind IN ('validation_failed', 'value_dropped') AND details->>'table' = $2 AND resolved_at IS NULL`,
    [documentId, table, clock.now().toISOString()],
  );
}
