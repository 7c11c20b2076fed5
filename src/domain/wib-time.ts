/**
 * Times as Indonesian analysts and Bawaslu reports read them: WIB (Asia/Jakarta, UTC+7, no
 * daylight saving). The record keeps UTC; these format it.
 */
const WIB_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in WIB of an instant, `YYYY-MM-DD`. */
export function wibDay(d: Date): string {
  return new Date(d.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2024-02-12 15:30:00 WIB`. */
export function formatWib(d: Date): string {
  return `${new Date(d.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')} WIB`;
}

/** ISO 8601 with the +07:00 offset, e.g. `2024-02-12T15:30:00.000+07:00`. */
export function isoWib(d: Date): string {
  return `${new Date(d.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}
