/**
 * The clinical files a plan accepts (Word, Excel, PDF, plain text, TIFF), recognised by their content,
 * not only by their name: a program renamed to .pdf does not start like a PDF.
 */
export type FileType = 'pdf' | 'tiff' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'txt';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

/** Each accepted type: `label` for messages ("x.pdf is not a PDF"), `name` for the Files uploaded list. */
const TYPES: Record<FileType, { label: string; name: string; mediaType: string }> = {
  pdf: { label: 'a PDF', name: 'PDF', mediaType: 'application/pdf' },
  tiff: { label: 'a TIFF image', name: 'TIFF image', mediaType: 'image/tiff' },
  doc: { label: 'a Word document', name: 'Word', mediaType: 'application/msword' },
  docx: { label: 'a Word document', name: 'Word', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xls: { label: 'an Excel workbook', name: 'Excel', mediaType: 'application/vnd.ms-excel' },
  xlsx: { label: 'an Excel workbook', name: 'Excel', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  txt: { label: 'a plain text file', name: 'Text', mediaType: 'text/plain; charset=utf-8' },
};

const BY_EXTENSION: Record<string, FileType> = { pdf: 'pdf', tif: 'tiff', tiff: 'tiff', doc: 'doc', docx: 'docx', xls: 'xls', xlsx: 'xlsx', txt: 'txt' };

/** The type's name as the Files uploaded list shows it: "PDF", "Word", "Excel". */
export function fileTypeName(type: FileType): string {
  return TYPES[type].name;
}

export const ACCEPTED_EXTENSIONS = Object.keys(BY_EXTENSION).map((e) => `.${e}`);

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from('PK\x03\x04', 'latin1');

function startsWith(content: Buffer, signature: Buffer | string): boolean {
  const sig = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return content.length >= sig.length && content.subarray(0, sig.length).equals(sig);
}

/** Office Open XML files are ZIP archives; the part names are stored uncompressed in the archive. */
function isOfficeOpenXml(content: Buffer, mainPart: string): boolean {
  return startsWith(content, ZIP) && content.includes('[Content_Types].xml') && content.includes(mainPart);
}

function isPlainText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

const MATCHES: Record<FileType, (content: Buffer) => boolean> = {
  pdf: (c) => startsWith(c, '%PDF-'),
  tiff: (c) => startsWith(c, 'II*\x00') || startsWith(c, 'MM\x00*'),
  doc: (c) => startsWith(c, OLE2),
  xls: (c) => startsWith(c, OLE2),
  docx: (c) => isOfficeOpenXml(c, 'word/'),
  xlsx: (c) => isOfficeOpenXml(c, 'xl/'),
  txt: isPlainText,
};

export type FileCheck = { ok: true; type: FileType; mediaType: string } | { ok: false; reason: string };

/** Whether a file may be attached, judged by its name's extension and its content; the reason names the file. */
export function checkClinicalFile(name: string, size: number, content: Buffer): FileCheck {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const type = BY_EXTENSION[extension];
  if (!type) {
    return { ok: false, reason: `${name} is not a type of file the plan accepts: attach Word, Excel, PDF, text or TIFF files` };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, reason: `${name} is larger than 10 MB` };
  if (size === 0) return { ok: false, reason: `${name} is empty` };
  if (!MATCHES[type](content)) return { ok: false, reason: `${name} is not ${TYPES[type].label}` };
  return { ok: true, type, mediaType: TYPES[type].mediaType };
}

/** 1234567 -> "1.2 MB" */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
