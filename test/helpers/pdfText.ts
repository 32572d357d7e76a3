import zlib from 'node:zlib';
import { WIN_ANSI_80_9F } from '../../src/services/letterPdf';

/** pdfkit writes the standard fonts' text in WinAnsiEncoding (Windows-1252): Latin-1 but for bytes 0x80-0x9F. */
const winAnsiText = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI_80_9F[b] ?? String.fromCharCode(b)).join('');

/**
 * The text a PDF shows, read the way a reader extracts it, enough for pdfkit's output: each content
 * stream is inflated (FlateDecode), and the hex strings of its text operators (Tj, TJ) are decoded, one
 * line per text object (BT ... ET). Kerning numbers between the pieces of a TJ array are dropped.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const body = Buffer.from(match[1] ?? '', 'latin1');
    let content: string;
    try {
      content = zlib.inflateSync(body).toString('latin1');
    } catch {
      content = body.toString('latin1');
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const text = [...(block[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => winAnsiText(Buffer.from(h[1] ?? '', 'hex'))).join('');
      if (text) lines.push(text);
    }
  }
  return lines.join('\n');
}
