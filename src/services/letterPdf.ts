import PDFDocument from 'pdfkit';
import type { Fact, LetterDocument } from '../domain/letters';

/**
 * A letter as a PDF, written with pdfkit (pure JavaScript, no binary) from the same LetterDocument the
 * page shows. Black on white, US Letter, Helvetica: one of PDF's standard fonts, which every reader
 * has, so nothing is embedded.
 */
export function letterPdf(letter: LetterDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, info: { Title: letter.title, Author: letter.from.name, Subject: letter.title } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(14).text(winAnsi(letter.from.name));
  doc.font('Helvetica').fontSize(10).text(winAnsi(letter.from.address)).text(winAnsi(`Phone ${letter.from.phone}`));
  doc.moveDown().text(winAnsi(letter.date));
  doc.moveDown().font('Helvetica-Bold').fontSize(16).text(winAnsi(letter.title));
  doc.moveDown(0.5);
  facts(doc, letter.facts);
  for (const section of letter.sections) {
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(winAnsi(section.heading));
    for (const paragraph of section.paragraphs) doc.moveDown(0.4).font('Helvetica').fontSize(10).text(winAnsi(paragraph));
    for (const item of section.items) {
      doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(winAnsi(item.heading));
      facts(doc, item.facts);
    }
  }
  doc.end();
  return done;
}

function facts(doc: PDFKit.PDFDocument, list: readonly Fact[]): void {
  for (const fact of list) {
    doc.font('Helvetica-Bold').fontSize(10).text(`${winAnsi(fact.term)}: `, { continued: true }).font('Helvetica').text(winAnsi(fact.value));
  }
}

/** Windows-1252 (WinAnsiEncoding) where it is not Latin-1: bytes 0x80-0x9F are curly quotes, dashes, the euro sign... */
export const WIN_ANSI_80_9F: Readonly<Record<number, string>> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};
const WIN_ANSI_EXTRAS = new Set(Object.values(WIN_ANSI_80_9F));

/**
 * The standard fonts know the Windows-1252 characters only (PDF 32000-1, annex D): anything else a
 * reviewer typed (an emoji, a Greek letter) is written as "?" rather than as a wrong glyph.
 */
export function winAnsi(text: string): string {
  return [...text.replace(/\r\n?/g, '\n')].map((c) => (/[\n\x20-\x7E\xA0-\xFF]/.test(c) || WIN_ANSI_EXTRAS.has(c) ? c : '?')).join('');
}
