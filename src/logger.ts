import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** This request's id: in the X-Request-Id header, on every log line and audit entry about it. */
    id: string;
  }
}

/**
 * Structured logs with a request id. They never carry health information: a request is logged by
 * method, path without its query string, status and time; an error by its name, message and stack.
 * Form bodies, query strings, member names and answers are never logged.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, redact: { paths: ['req.headers.cookie', 'req.headers.authorization'], remove: true } });
}

/**
 * One line per request, when its answer is sent (or the client went away first), in the shape
 * pino-http used to write. pino-http built a child logger and ran its serializers for every request,
 * a fifth of a page's CPU once the queries were gone (bench/portal.ts); this builds one object.
 */
export function requestLogger(logger: Logger) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse & { locals?: { user?: { id: number } } }, next: () => void): void => {
    const id = crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    res.once('close', () => {
      const user = res.locals?.user;
      const line = {
        req: { id, method: req.method, path: withoutSecrets((req.originalUrl ?? req.url ?? '').split('?')[0] ?? '') },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
        ...(user ? { userId: user.id } : {}),
      };
      if (!res.writableFinished) logger.info(line, 'request aborted');
      else if (res.statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    });
    next();
  };
}

/** A set-password link's token is a password until used: the log keeps the page, not the token. */
function withoutSecrets(path: string): string {
  return path.replace(/^\/set-password\/[^/]+/, '/set-password/:token');
}
