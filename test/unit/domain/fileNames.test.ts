import { fileNameForDisplay, MAX_FILE_NAME_LENGTH } from '../../../src/domain/fileNames';

describe('fileNameForDisplay', () => {
  test.each([
    ['a right-to-left override', 'evil\u202Eexe.pdf', 'evilexe.pdf'],
    ['a left-to-right override and its pop', 'scan\u202Dfdp.exe\u202C.pdf', 'scanfdp.exe.pdf'],
    ['bidirectional isolates', 'a\u2066b\u2067c\u2068d\u2069.pdf', 'abcd.pdf'],
    ['left-to-right and right-to-left marks and the Arabic letter mark', 'x\u200Ey\u200Fz\u061C.txt', 'xyz.txt'],
    ['zero-width characters and a byte-order mark', '\uFEFFno\u200Bte\u200C\u200D.pdf', 'note.pdf'],
    ['a soft hyphen', 'lab\u00ADresults.pdf', 'labresults.pdf'],
    ['control characters', 'line\u0000one\u0007\u001b[31m\r\n.txt', 'lineone[31m.txt'],
    ['line and paragraph separators', 'a\u2028b\u2029c.txt', 'abc.txt'],
  ])('strips %s', (_kind, original, shown) => {
    expect(fileNameForDisplay(original)).toBe(shown);
  });

  test('keeps letters, accents, spaces and emoji of any script', () => {
    expect(fileNameForDisplay('Zoë résumé 检查 \u{1F600}.pdf')).toBe('Zoë résumé 检查 \u{1F600}.pdf');
    expect(fileNameForDisplay('\u05D3\u05D5\u05D7.pdf')).toBe('\u05D3\u05D5\u05D7.pdf');
  });

  test('keeps only the last part of a Windows or Unix path', () => {
    expect(fileNameForDisplay('C:\\Users\\pat\\note.pdf')).toBe('note.pdf');
    expect(fileNameForDisplay('../../etc/passwd')).toBe('passwd');
  });

  test('a name with nothing visible left is "unnamed file"', () => {
    expect(fileNameForDisplay('\u202E\u200B  ')).toBe('unnamed file');
    expect(fileNameForDisplay('')).toBe('unnamed file');
  });

  test('a long name is cut to 200 characters, never inside a character', () => {
    expect(fileNameForDisplay('a'.repeat(300))).toHaveLength(MAX_FILE_NAME_LENGTH);
    const emoji = fileNameForDisplay('\u{1F600}'.repeat(300));
    expect([...emoji]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(emoji).toBe('\u{1F600}'.repeat(MAX_FILE_NAME_LENGTH));
  });

  test('cleaning twice changes nothing more', () => {
    const once = fileNameForDisplay('evil\u202Eexe.pdf');
    expect(fileNameForDisplay(once)).toBe(once);
  });
});
