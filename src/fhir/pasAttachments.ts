import crypto from 'node:crypto';
import { checkClinicalFile, MAX_FILES, type FileType } from '../domain/fileTypes';
import { fileNameForDisplay } from '../domain/fileNames';
import type { MappingIssue } from './pasMapping';
import type { SubmittedDocument } from './pasSupportingInfo';

/**
 * The DocumentReferences of a PAS request (issue 15) as the request's attachments, checked like an
 * upload (src/domain/fileTypes.ts: Word, Excel, PDF, text or TIFF, judged by their content; at most
 * 10 MB each and 10 in all). Only data carried inline (base64) is taken: the portal fetches nothing, so
 * an attachment that only points elsewhere (url) is left out with a warning. One bad file refuses the
 * request, as one bad file refuses an upload.
 */
export interface ApiAttachment {
  originalName: string;
  fileType: FileType;
  mediaType: string;
  content: Buffer;
  sha256: string;
}

const EXTENSION_BY_MEDIA_TYPE: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/tiff': 'tiff',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The file's name: its title when that names an accepted type, else the title (or "attachment N") with the type's extension. */
function nameFor(doc: SubmittedDocument, n: number): string {
  const extension = EXTENSION_BY_MEDIA_TYPE[(doc.contentType ?? '').split(';')[0]!.trim().toLowerCase()];
  const title = doc.title ? fileNameForDisplay(doc.title) : `attachment ${n}`;
  if (/\.(pdf|tiff?|txt|docx?|xlsx?)$/i.test(title) || !extension) return title;
  return `${title}.${extension}`;
}

export function attachmentsFrom(documents: readonly SubmittedDocument[]): { attachments: ApiAttachment[]; errors: MappingIssue[]; warnings: MappingIssue[] } {
  const attachments: ApiAttachment[] = [];
  const errors: MappingIssue[] = [];
  const warnings: MappingIssue[] = [];
  for (const doc of documents) {
    if (!doc.data) {
      warnings.push({ severity: 'warning', code: 'not-supported', expression: doc.expression, diagnostics: 'The attachment has no inline data: the portal fetches nothing, so it is not kept; send its content as base64 in attachment.data' });
      continue;
    }
    const data = doc.data.replace(/\s/g, '');
    if (!BASE64.test(data)) {
      errors.push({ severity: 'error', code: 'value', expression: `${doc.expression}.data`, diagnostics: 'The attachment data is not base64' });
      continue;
    }
    const name = nameFor(doc, attachments.length + errors.length + 1);
    const content = Buffer.from(data, 'base64');
    const check = checkClinicalFile(name, content.length, content);
    if (!check.ok) {
      errors.push({ severity: 'error', code: 'value', expression: doc.expression, diagnostics: check.reason });
      continue;
    }
    attachments.push({ originalName: name, fileType: check.type, mediaType: check.mediaType, content, sha256: crypto.createHash('sha256').update(content).digest('hex') });
  }
  if (attachments.length > MAX_FILES) errors.push({ severity: 'error', code: 'value', expression: 'Bundle.entry.resource.ofType(DocumentReference)', diagnostics: `Attach at most ${MAX_FILES} files to one request` });
  return { attachments, errors, warnings };
}
