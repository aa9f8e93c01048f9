/**
 * Validation catch rate: take rows that pass validation, inject one corruption per row (a value that is not in the
 * source, an end before its start, a wrong type, a required field removed), and count how many corrupted rows the
 * validator flags. A validator that flags the clean rows too is reported by `falseAlarms`.
 */
export type Row = Record<string, unknown>;

export interface Corruption {
  name: string;
  /** Returns the corrupted row, or null when the corruption does not apply to this row. */
  apply(row: Row): Row | null;
}

export interface CatchRate {
  injected: number;
  caught: number;
  rate: number;
  falseAlarms: number;
  byCorruption: Record<string, { injected: number; caught: number }>;
}

export async function validationCatchRate(
  rows: readonly Row[],
  corruptions: readonly Corruption[],
  isInvalid: (row: Row) => Promise<boolean> | boolean,
): Promise<CatchRate> {
  const byCorruption: CatchRate['byCorruption'] = {};
  let injected = 0;
  let caught = 0;
  let falseAlarms = 0;
  for (const row of rows) if (await isInvalid(row)) falseAlarms++;
  for (const corruption of corruptions) {
    const tally = (byCorruption[corruption.name] = { injected: 0, caught: 0 });
    for (const row of rows) {
      const bad = corruption.apply(structuredClone(row));
      if (!bad) continue;
      tally.injected++;
      injected++;
      if (await isInvalid(bad)) {
        tally.caught++;
        caught++;
      }
    }
  }
  return { injected, caught, rate: injected === 0 ? 0 : caught / injected, falseAlarms, byCorruption };
}

/** The standard corruptions, for rows whose fields are named in `fields`. */
export function standardCorruptions(fields: { text: string[]; ranges?: Array<[start: string, end: string]>; required?: string[] }): Corruption[] {
  return [
    {
      name: 'value not in the source',
      apply: (row) => {
        const key = fields.text.find((k) => typeof row[k] === 'string');
        return key ? { ...row, [key]: 'Zyxwvut Qponmlk (invented)' } : null;
      },
    },
    {
      name: 'end before start',
      apply: (row) => {
        const range = (fields.ranges ?? []).find(([s, e]) => typeof row[s] === 'string' && typeof row[e] === 'string');
        return range ? { ...row, [range[0]]: row[range[1]], [range[1]]: '1900-01-01' } : null;
      },
    },
    {
      name: 'wrong type',
      apply: (row) => {
        const key = fields.text.find((k) => typeof row[k] === 'string');
        return key ? { ...row, [key]: 12345 } : null;
      },
    },
    {
      name: 'required field removed',
      apply: (row) => {
        const key = (fields.required ?? []).find((k) => k in row);
        if (!key) return null;
        const copy = { ...row };
        delete copy[key];
        return copy;
      },
    },
  ];
}
