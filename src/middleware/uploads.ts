import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { MAX_FILE_BYTES, MAX_FILES } from '../domain/fileTypes';
import { fileNameForDisplay } from '../domain/fileNames';

/** A file as received: on disk under a temporary name, with its size and SHA-256 taken while it streamed in. */
export interface ReceivedFile {
  /** The name as the provider's computer gave it, cleaned for display (no folders, no bidirectional controls). */
  originalName: string;
  tempPath: string;
  size: number;
  sha256: string;
  /** More than MAX_FILE_BYTES arrived: the rest was read and thrown away, and the file is refused by name. */
  tooLarge: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    receivedFiles?: ReceivedFile[];
  }
}

/**
 * A multer storage engine that writes each file to UPLOAD_DIR/tmp under a random name, readable by
 * the portal only. A file over the size limit is not an error that aborts the upload: it is drained
 * and marked, so the page can name it ("report.pdf is larger than 10 MB").
 */
class TemporaryFileStorage implements multer.StorageEngine {
  constructor(private readonly tmpDir: string) {}

  _handleFile(req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    fs.mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
    const tempPath = path.join(this.tmpDir, `${crypto.randomUUID()}.part`);
    const out = fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
    const hash = crypto.createHash('sha256');
    let size = 0;
    let tooLarge = false;
    file.stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        tooLarge = true;
        return;
      }
      hash.update(chunk);
      out.write(chunk);
    });
    file.stream.on('error', (err) => {
      out.destroy();
      fs.rm(tempPath, { force: true }, () => cb(err));
    });
    file.stream.on('end', () => {
      out.end(() => {
        const received: ReceivedFile = { originalName: fileNameForDisplay(file.originalname), tempPath, size, sha256: hash.digest('hex'), tooLarge };
        (req.receivedFiles ??= []).push(received);
        cb(null, { path: tempPath, size });
      });
    });
    out.on('error', (err) => cb(err));
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    fs.rm(file.path, { force: true }, () => cb(null));
  }
}

export class UploadRefused extends Error {}

/**
 * Reads a multipart form with up to MAX_FILES files in the field `files`. Too many files is refused
 * with a message; the temporary files of a refused or failed upload are removed.
 */
export function receiveClinicalFiles(uploadDir: string): RequestHandler {
  const upload = multer({
    storage: new TemporaryFileStorage(path.join(uploadDir, 'tmp')),
    limits: { files: MAX_FILES, fields: 20, fieldSize: 10_000, parts: MAX_FILES + 20 },
    // multer decodes names as latin1 by default; browsers send UTF-8.
    defParamCharset: 'utf8',
  }).array('files', MAX_FILES);
  return (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        removeReceived(req.receivedFiles);
        req.receivedFiles = [];
        const message =
          err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE'
            ? `Attach at most ${MAX_FILES} files at a time`
            : 'The files could not be read. Try again.';
        return next(new UploadRefused(message));
      }
      if (err) {
        removeReceived(req.receivedFiles);
        return next(err);
      }
      next();
    });
  };
}

export function removeReceived(files: readonly ReceivedFile[] | undefined): void {
  for (const f of files ?? []) fs.rmSync(f.tempPath, { force: true });
}
