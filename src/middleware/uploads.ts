import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { MAX_FILE_BYTES, MAX_FILES } from '../domain/fileTypes';
import { fileNameForDisplay } from '../domain/fileNames';
import { diskFileStorage, type FileStorage } from '../services/fileStorage';
import { BadRequest } from './errors';

/** A file as received: on disk under a temporary name, with its size and SHA-256 taken while it streamed in. */
export interface ReceivedFile {
  /** The name as the provider's computer gave it, cleaned for display (no folders, no bidirectional controls). */
  originalName: string;
  tempPath: string;
  size: number;
  sha256: string;
  /** More than MAX_FILE_BYTES arrived: the rest was read and thrown away, and the file is refused by name. */
  tooLarge: boolean;
  /** Its place in the form: files finish writing in any order, and are listed in the order chosen. */
  position: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    receivedFiles?: ReceivedFile[];
  }
}

/**
 * A multer storage engine that writes each file to UPLOAD_DIR/tmp under a random name, readable by
 * the portal only. A file over the size limit is not an error that aborts the upload: it is drained
 * and marked, so the page can name it ("report.pdf is larger than 10 MB"). A file that cannot be
 * written (a full or read-only disk) fails the upload with the storage's own error, once, and its
 * partial temporary file is removed.
 */
class TemporaryFileStorage implements multer.StorageEngine {
  private readonly started = new WeakMap<Request, number>();
  private readonly writing = new WeakMap<Request, Promise<void>[]>();

  /**
   * Resolves once every file of the request has finished writing or failed. A body cut short makes
   * multer answer at once, while a file's write may still be finishing: the refusal waits for it, so
   * nothing of the upload is left in the temporary folder once the answer is sent.
   */
  settled(req: Request): Promise<void> {
    return Promise.all(this.writing.get(req) ?? []).then(() => undefined);
  }

  constructor(
    private readonly tmpDir: string,
    private readonly storage: FileStorage,
  ) {}

  _handleFile(req: Request, file: Express.Multer.File, done: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    // multer calls this in the form's order; the writes may finish in any order.
    const position = (this.started.get(req) ?? 0) + 1;
    this.started.set(req, position);
    let finish: () => void = () => undefined;
    const writes = this.writing.get(req) ?? [];
    writes.push(new Promise<void>((resolve) => (finish = resolve)));
    this.writing.set(req, writes);
    const cb = (error?: unknown, info?: Partial<Express.Multer.File>) => {
      finish();
      done(error, info);
    };
    const tempPath = path.join(this.tmpDir, `${crypto.randomUUID()}.part`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    let tooLarge = false;
    let settled = false;
    let out: Writable | undefined;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      out?.destroy();
      // Read the rest of this file and throw it away, so the form's later parts still arrive.
      file.stream.resume();
      fs.rm(tempPath, { force: true }, () => cb(err));
    };
    file.stream.on('error', fail);
    try {
      out = this.storage.createFile(tempPath);
    } catch (err) {
      return fail(err);
    }
    const target = out;
    target.on('error', fail);
    file.stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        tooLarge = true;
        return;
      }
      hash.update(chunk);
      target.write(chunk);
    });
    file.stream.on('end', () => {
      if (settled) return;
      target.end((err?: Error | null) => {
        if (err) return fail(err);
        if (settled) return;
        settled = true;
        const received: ReceivedFile = { originalName: fileNameForDisplay(file.originalname), tempPath, size, sha256: hash.digest('hex'), tooLarge, position };
        (req.receivedFiles ??= []).push(received);
        cb(null, { path: tempPath, size });
      });
    });
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    fs.rm(file.path, { force: true }, () => cb(null));
  }
}

/**
 * What busboy and multer say of a body that is not a well-formed multipart form: cut before its
 * closing boundary, without a boundary, with a broken part header, or abandoned by the client. The
 * client's fault, answered 400; any other error (a full disk, a bug) is the portal's.
 */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Malformed (part header|content type)|Unexpected end of (form|file)|Unsupported content type|Missing Content-Type|Request (aborted|closed|error))/;

export function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === undefined && MALFORMED_MULTIPART.test(err.message);
}

export class UploadRefused extends Error {}

/**
 * Reads a multipart form with up to MAX_FILES files in the field `files`. Too many files is refused
 * with a message; the temporary files of a refused or failed upload are removed.
 */
export function receiveClinicalFiles(uploadDir: string, storage: FileStorage = diskFileStorage): RequestHandler {
  const temporary = new TemporaryFileStorage(path.join(uploadDir, 'tmp'), storage);
  const upload = multer({
    storage: temporary,
    limits: { files: MAX_FILES, fields: 20, fieldSize: 10_000, parts: MAX_FILES + 20 },
    // multer decodes names as latin1 by default; browsers send UTF-8.
    defParamCharset: 'utf8',
  }).array('files', MAX_FILES);
  return (req, res, next) => {
    upload(req, res, async (err: unknown) => {
      // A refused upload first lets every file's write settle, then removes them all.
      if (err) await temporary.settled(req);
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
        req.receivedFiles = [];
        return next(isMalformedMultipart(err) ? new BadRequest((err as Error).message) : err);
      }
      req.receivedFiles?.sort((a, b) => a.position - b.position);
      next();
    });
  };
}

export function removeReceived(files: readonly ReceivedFile[] | undefined): void {
  for (const f of files ?? []) {
    try {
      fs.rmSync(f.tempPath, { force: true });
    } catch {
      // A read-only upload folder cannot lose its temporary files either; they are harmless there.
    }
  }
}
