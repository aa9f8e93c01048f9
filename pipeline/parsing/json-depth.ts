/** True when a parsed JSON value nests deeper than `maxDepth` arrays/objects (checked without recursion). */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (entry.value === null || typeof entry.value !== 'object') continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(entry.value)) stack.push({ value: child, depth });
  }
  return false;
}
