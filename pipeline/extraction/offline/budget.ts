/**
 * Bounds on what one document may yield, so a hostile page (10,000 fields, JSON-LD nested a thousand deep) costs a
 * bounded amount of time and memory. Running out is a warning in the extraction, not a failure.
 */
export interface Budget {
  /** Takes one field from the budget; false once it is spent. */
  take(): boolean;
  warn(message: string): void;
  readonly warnings: string[];
}

export function createBudget(maxFields: number): Budget {
  let left = maxFields;
  const warnings: string[] = [];
  let announced = false;
  return {
    take() {
      if (left > 0) {
        left--;
        return true;
      }
      if (!announced) {
        announced = true;
        warnings.push(`the document has more than ${maxFields.toLocaleString('en')} fields; the rest were not extracted`);
      }
      return false;
    },
    warn(message) {
      if (!warnings.includes(message) && warnings.length < 50) warnings.push(message);
    },
    warnings,
  };
}
