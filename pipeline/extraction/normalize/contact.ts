/** Emails, phone numbers, URLs and booleans. */

const EMAIL = /^(?:mailto:)?([a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})$/i;

export function parseEmail(raw: string): string | null {
  const m = EMAIL.exec(raw.trim());
  return m ? (m[1] as string).toLowerCase() : null;
}

/**
 * A phone number: digits with the usual separators, 7–15 digits. Without a phone label only numbers that look
 * dialled (`+41 …`, `(870)-931-0505`, `tel:`) count, so invoice numbers and ids are not mistaken for phones.
 */
export function parsePhone(raw: string, labelSaysPhone = false): string | null {
  const text = raw.trim().replace(/^tel:/i, '');
  if (text.length > 40 || !/^\+?[\d\s().\-/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  const dialled = text.startsWith('+') || text.startsWith('(') || /^0\d{1,4}[\s/-]\d/.test(text) || raw.trim().toLowerCase().startsWith('tel:');
  if (!labelSaysPhone && !dialled) return null;
  return (text.startsWith('+') ? '+' : '') + digits;
}

export function parseUrl(raw: string, base?: string): string | null {
  const text = raw.trim();
  if (/\s/.test(text) || text.length > 2048) return null;
  const candidate = /^www\./i.test(text) ? `https://${text}` : text;
  if (!/^https?:\/\//i.test(candidate) && !(base && /^\/[^/]/.test(candidate))) return null;
  try {
    return new URL(candidate, base).href;
  } catch {
    return null;
  }
}

const TRUE_WORDS = new Set(['yes', 'true', 'ja', 'oui', 'si', 'sì', 'sí', 'wahr', 'vrai']);
const FALSE_WORDS = new Set(['no', 'false', 'nein', 'non', 'falsch', 'faux']);

export function parseBoolean(raw: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}
