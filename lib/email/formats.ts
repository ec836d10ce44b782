/**
 * Dates, times and durations in a brand's time zone and a customer's locale, with Intl. Creating an
 * Intl formatter costs about 10 ms of CPU the first time (ICU loads its data), so nothing here runs
 * at cold start: each brand zone and locale gets its formatters on its first email, then reuses them.
 */

export interface LocaleFormats {
  /** The date of an instant (epoch seconds) as the locale writes it: `29.11.2026`, `Nov 29, 2026`. */
  date(epochSeconds: number): string;
  /** Its time of day, to the minute (seconds dropped, never rounded up), with the zone named: `23:56 MEZ`, `11:56 PM UTC`. */
  time(epochSeconds: number): string;
  /**
   * A length of time in whole hours and minutes, rounded down so it never promises more than it
   * gives: 86400 s is `24 hours`, 5400 s `1 hour 30 minutes`, 5399 s `1 hour 29 minutes`.
   */
  duration(seconds: number): string;
}

/** The zone of a brand's dates and times when its brand file names none. */
export const DEFAULT_TIME_ZONE = 'UTC';

const cache = new Map<string, LocaleFormats>();

function create(locale: string, timeZone: string): LocaleFormats {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const times = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone });
  const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  return {
    date: (epochSeconds) => dates.format(epochSeconds * 1000),
    time: (epochSeconds) => times.format(epochSeconds * 1000),
    duration: (seconds) => {
      const total = Math.floor(seconds / 60);
      const [h, m] = [Math.floor(total / 60), total % 60];
      return [h > 0 ? hours.format(h) : '', m > 0 || h === 0 ? minutes.format(m) : ''].filter(Boolean).join(' ');
    },
  };
}

/** The formatters of one locale in one IANA time zone, made on first use and cached. */
export function localeFormats(locale: string, timeZone: string): LocaleFormats {
  const key = `${timeZone} ${locale}`;
  let formats = cache.get(key);
  if (!formats) cache.set(key, (formats = create(locale, timeZone)));
  return formats;
}

/**
 * Whether `timeZone` names an IANA zone this runtime knows. `UTC` answers at once; other names are
 * looked up in the runtime's list (about 1 ms), and only a name missing there (an alias such as
 * `Europe/Kyiv` on an older ICU) pays for a trial formatter.
 */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
