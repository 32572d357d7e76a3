import type { IsoDate } from './dates';

/** The kinds of announcement, in the words of the plan's provider-portal guide. */
export const ANNOUNCEMENT_KINDS = {
  attention: 'Attention All Providers',
  network: 'Network Notifications',
  'anti-fraud': 'Anti-Fraud',
} as const;
export type AnnouncementKind = keyof typeof ANNOUNCEMENT_KINDS;

export interface AnnouncementDates {
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  /** When the plan administrator ended it early, if they did. */
  endedAt: string | null;
}

/** Shown on the offices' home pages on `today` (the plan's calendar date): started, not past its end, not ended. */
export function isCurrent(a: AnnouncementDates, today: IsoDate): boolean {
  return a.endedAt === null && a.startsOn <= today && (a.endsOn === null || a.endsOn >= today);
}

/** A piece of an announcement's text: words, or a link the text spelled out. */
export type TextPiece = { text: string; href?: undefined } | { text: string; href: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence rather than the address: "see https://plan.example/news." */
const TRAILING = /[.,;:!?)'\]]+$/;

/**
 * An announcement's plain text as paragraphs of words and links. Only http and https addresses become
 * links; nothing typed is ever HTML: the view prints every piece escaped (<%= %>), so "<script>" or
 * "javascript:" stay text. Paragraphs are separated by a blank line.
 */
export function paragraphsOf(text: string): TextPiece[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map(piecesOf);
}

function piecesOf(paragraph: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of paragraph.matchAll(URL_IN_TEXT)) {
    const start = match.index ?? 0;
    const href = match[0].replace(TRAILING, '');
    if (start > at) pieces.push({ text: paragraph.slice(at, start) });
    pieces.push({ text: href, href });
    at = start + href.length;
  }
  if (at < paragraph.length) pieces.push({ text: paragraph.slice(at) });
  return pieces;
}

/** The calendar date in a time zone (the plan's, for when announcements start and end). */
export function dateIn(instant: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
