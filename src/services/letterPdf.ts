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

/**
 * The standard fonts know the Windows-1252 characters only: the common typographic ones are written
 * as their plain forms, anything else as "?", rather than as a wrong glyph.
 */
export function winAnsi(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\n\x20-\x7E\xA0-\xFF]/g, '?');
}
