/**
 * The name of an uploaded file as the portal stores and shows it: the last part of the path the
 * provider's computer sent, without characters that change how the rest of the name looks.
 *
 * Unicode format characters (\p{Cf}) include the bidirectional overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069): "evil\u202Eexe.pdf" is displayed as "evilfdp.exe", hiding what the file is
 * (CVE-2021-42574, "Trojan Source"; Unicode Standard Annex #9). They also include zero-width
 * characters and the byte-order mark, which make two different names look the same. Control
 * characters (\p{Cc}) and the line and paragraph separators have no place in a name shown on a page
 * or sent back in a Content-Disposition header.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export const MAX_FILE_NAME_LENGTH = 200;

export function fileNameForDisplay(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(HIDDEN, '').trim();
  // Cut by code point, so that a name is never left ending in half a surrogate pair.
  return [...(clean || 'unnamed file')].slice(0, MAX_FILE_NAME_LENGTH).join('');
}
