/**
 * Patterns where `*` stands for any run of characters (robots.txt rules, a crawl's include and exclude lists),
 * matched in O(text × pattern) time whatever the pattern: the parts between `*`s are found left to right, each at its
 * earliest place after the previous one. Taking the earliest place never loses a match (a later place leaves less
 * room for the rest), so nothing is retried. A regular expression of `.*`s backtracks instead, exponentially in the
 * number of `*`s on a text that almost matches: ten of them froze the server for seconds on one URL.
 */
export interface Anchors {
  /** The pattern must match from the first character of the text. */
  start: boolean;
  /** The pattern must match up to the last character of the text. */
  end: boolean;
}

export function wildcardMatcher(pattern: string, anchors: Anchors): (text: string) => boolean {
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const middle = parts.slice(1, -1);
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1) {
    if (anchors.start && anchors.end) return (text) => text === first;
    if (anchors.start) return (text) => text.startsWith(first);
    if (anchors.end) return (text) => text.endsWith(first);
    return (text) => text.includes(first);
  }
  return (text) => {
    const head = anchors.start ? (text.startsWith(first) ? 0 : -1) : text.indexOf(first);
    if (head < 0) return false;
    let at = head + first.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
    return anchors.end ? text.length - last.length >= at && text.endsWith(last) : text.indexOf(last, at) >= 0;
  };
}
