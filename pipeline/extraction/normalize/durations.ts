import { fold, squash } from './text.js';

/**
 * Durations as written on event and travel pages: `2 h 45 min`, `ca. 3 Stunden`, `165'`, `2 ore e 30 minuti`,
 * `1 heure 30`, `90 Min. inkl. Pause`, `2:45 h`, `ca 2,5 timmar`, `2 tim 45 min`, `1 t 30 min`. Normalized to ISO 8601
 * (`PT2H45M`) and minutes.
 */
export interface DurationValue {
  iso: string;
  minutes: number;
}

/** `t` (Norwegian, Danish) is read as hours only when minutes follow: `2 t` alone may be a weight. */
const HOURS = '(?:h|hr|hrs|hour|hours|std|stunde|stunden|heure|heures|ora|ore|hora|horas|uur|tim|timme|timmar|timer|time|t)';
const MINUTES = "(?:m|min|mins|minute|minutes|minuten|minuti|minuto|minutos|minuter|minutter|'|′)";
const APPROX = /^(?:(?:ca\.?|circa|cirka|approx\.?|approximately|about|around|etwa|rund|environ|env\.|cerca de|aprox\.?|omkring|ungefar|durata|dauer|duration|duree|duracion|speltid|spilletid|varighed|varighet|langd)\s*:?\s*)+/;
const TRAILER = /^(?:\(.*\)|(?:inkl|incl|including|inklusive|einschl|mit|with|con|avec|compris|y|med|utan|uten|uden|exkl|ekskl)\b.*|,.*)?$/;

const HOURS_MINUTES = new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*(${HOURS})\\.?(?:\\s*(?:and|und|et|e|y|och|og)?\\s*(\\d{1,2})\\s*(?:${MINUTES}\\.?)?)?(?=[\\s,;]|$|\\()`);
const MINUTES_ONLY = new RegExp(`^(\\d+)\\s*${MINUTES}\\.?(?=[\\s,;]|$|\\()`);
const CLOCK = new RegExp(`^(\\d{1,2}):(\\d{2})\\s*${HOURS}\\.?(?=[\\s,;]|$)`);

export function parseDuration(raw: string): DurationValue | null {
  if (raw.length > 80) return null;
  let text = squash(fold(raw)).replace(APPROX, '');
  let minutes: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = CLOCK.exec(text))) {
    minutes = Number(m[1]) * 60 + Number(m[2]);
  } else if ((m = HOURS_MINUTES.exec(text)) && (m[2] !== 't' || m[3])) {
    minutes = Math.round(Number((m[1] as string).replace(',', '.')) * 60) + (m[3] ? Number(m[3]) : 0);
  } else if ((m = MINUTES_ONLY.exec(text))) {
    minutes = Number(m[1]);
  }
  if (minutes === null || !m || minutes <= 0 || minutes > 60 * 24 * 31) return null;
  text = text.slice(m[0].length).trim();
  if (!TRAILER.test(text)) return null;
  return { iso: isoDuration(minutes), minutes };
}

export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const min = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${min > 0 || h === 0 ? `${min}M` : ''}`;
}
