import { wildcardMatcher } from './wildcard.js';

/**
 * robots.txt as RFC 9309 reads it: groups by user agent (the most specific matching group wins, `*` otherwise),
 * Allow/Disallow by longest match with Allow winning a tie, `*` and `$` wildcards, plus the Crawl-delay and
 * Sitemap lines most crawlers honour. A robots.txt that is missing (4xx) allows everything; one that cannot be
 * fetched (5xx, network) disallows everything until it can; one longer than `ROBOTS_MAX_BYTES` is used as far as it
 * was read, as RFC 9309 asks (at least 500 KiB).
 */
export interface RobotsRules {
  isAllowed(pathAndQuery: string): boolean;
  crawlDelayMs: number | null;
  sitemaps: string[];
  /** Why robots.txt could not be fetched at all (the host is off limits meanwhile): the host, not its rules, said no. */
  unreachable?: string;
}

interface Rule {
  allow: boolean;
  pattern: string;
  matches: (path: string) => boolean;
}

export const ROBOTS_MAX_BYTES = 512 * 1024;

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: null, sitemaps: [] };
export const DISALLOW_ALL: RobotsRules = { isAllowed: () => false, crawlDelayMs: null, sitemaps: [] };
export const unreachableHost = (reason: string): RobotsRules => ({ ...DISALLOW_ALL, unreachable: reason });

export function parseRobots(text: string, userAgent: string, read: { truncated?: boolean } = {}): RobotsRules {
  const token = userAgent.toLowerCase().split(/[/\s]/)[0] ?? '';
  const groups: Array<{ agents: string[]; rules: Rule[]; delay: number | null }> = [];
  const sitemaps: string[] = [];
  let current: { agents: string[]; rules: Rule[]; delay: number | null } | null = null;
  let lastWasAgent = false;
  // A line cut by the limit is dropped: `Allow: /` read from `Allow: /drafts` would allow the whole site.
  const complete = read.truncated ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  for (const rawLine of complete.slice(0, ROBOTS_MAX_BYTES).split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], delay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (!current) continue;
    if (key === 'allow' || key === 'disallow') {
      if (value === '') continue;
      current.rules.push({ allow: key === 'allow', pattern: value, matches: patternMatcher(value) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.delay = Math.min(seconds, 60) * 1000;
    }
  }
  const specific = groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
  const chosen = specific.length > 0 ? specific : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const delay = chosen.map((g) => g.delay).find((d) => d !== null) ?? null;
  return {
    crawlDelayMs: delay,
    sitemaps,
    isAllowed(pathAndQuery: string) {
      if (pathAndQuery === '/robots.txt') return true;
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!rule.matches(pathAndQuery)) continue;
        if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
      }
      return best ? best.allow : true;
    },
  };
}

/** A rule's path pattern: from the start of the path, to its end only with a final `$` (elsewhere `$` is literal). */
function patternMatcher(pattern: string): (path: string) => boolean {
  const anchored = pattern.endsWith('$');
  return wildcardMatcher(anchored ? pattern.slice(0, -1) : pattern, { start: true, end: anchored });
}
