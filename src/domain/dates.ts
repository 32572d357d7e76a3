/**
 * Dates of service, birth and eligibility are calendar dates with no time zone: they are kept as
 * ISO strings (YYYY-MM-DD), which sort and compare correctly as plain strings, and shown as MM/DD/YYYY.
 */
export type IsoDate = string;

const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Accepts MM/DD/YYYY, M/D/YYYY and YYYY-MM-DD; returns the ISO date, or null if it is not a real date. */
export function parseDate(input: string): IsoDate | null {
  const text = input.trim();
  let year: number;
  let month: number;
  let day: number;
  const us = US.exec(text);
  const iso = ISO.exec(text);
  if (us) {
    [month, day, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
  } else if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    return null;
  }
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 2026-03-05 -> 03/05/2026 */
export function formatDate(iso: IsoDate | null | undefined): string {
  if (!iso) return '';
  const m = ISO.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

/** Today's calendar date where the portal runs (the clinic's local date, not UTC). */
export function today(now: Date = new Date()): IsoDate {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function yearOf(iso: IsoDate): number {
  return Number(iso.slice(0, 4));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant (ISO timestamp) as the clinic reads it, in the portal's local time: 03/02/2026 2:05 PM. */
export function formatDateTime(isoInstant: string): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  const hours = d.getHours() % 12 || 12;
  const minutes = String(d.getMinutes()).padStart(2, '0');
  return `${formatDate(today(d))} ${hours}:${minutes} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** The calendar day before: a code dropped by a release effective 2025-10-01 ends on 2025-09-30. */
export function dayBefore(iso: IsoDate): IsoDate {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - 1));
  return date.toISOString().slice(0, 10);
}
