import type { NextFunction, Request, RequestHandler, Response, Router as ExpressRouter } from 'express';

/** The parts of Express's router (router 2) read here: its layers, each with the path it was given. */
interface RouterLayer {
  rawPath?: unknown;
  /** use() without a path: the layer sees every request. */
  slash?: boolean;
  route?: unknown;
  handle?: { stack?: unknown };
}
type Router = { stack?: RouterLayer[] };

/**
 * The plain segments a path starts with, lower-cased as Express matches them (routes are
 * case-insensitive), as "/a/b", and whether that is the whole path; undefined when the path does not
 * start with one ("/:id", "/*all", "/a{b}", a RegExp): such a layer may match a request for any path.
 */
function plainPrefix(path: unknown): { path: string; whole: boolean } | undefined {
  if (typeof path !== 'string') return undefined;
  // Each segment up to the first with anything but the plain characters of a path ("/a{b}", "/:id").
  const m = /^(?:\/[A-Za-z0-9._~-]*(?=\/|$))+/.exec(path);
  return m ? { path: m[0].toLowerCase().replace(/\/+$/, ''), whole: m[0].length === path.length } : undefined;
}

/**
 * What a router's layers can match: a path a route answers alone, or a prefix of whole segments
 * that a route or middleware goes on from. Undefined when some layer can match any path (a use()
 * without a path that is not itself such a router, a parameter or wildcard first).
 */
export interface PathsOfRouter {
  /** Paths a route answers exactly (routes are not strict: with or without one "/" after). */
  exact: string[];
  /** Prefixes of whole segments: the path itself, or the path and a "/" and more. */
  prefixes: string[];
}

export function pathsOf(router: Router): PathsOfRouter | undefined {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const layer of router.stack ?? []) {
    if (layer.slash) {
      const inner = layer.handle as Router | undefined;
      const nested = !layer.route && Array.isArray(inner?.stack) ? pathsOf(inner!) : undefined;
      if (!nested) return undefined;
      exact.push(...nested.exact);
      prefixes.push(...nested.prefixes);
      continue;
    }
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const p of paths) {
      const plain = plainPrefix(p);
      if (plain === undefined) return undefined;
      // A route with no parameter answers its own path alone; any other layer, what goes on from it.
      if (layer.route && plain.whole) exact.push(plain.path);
      else if (plain.path === '') return undefined;
      else prefixes.push(plain.path);
    }
  }
  return { exact: [...new Set(exact)], prefixes: [...new Set(prefixes)] };
}

/** True when the path is the prefix, or goes on from it at a "/". */
function startsWithPrefix(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47);
}

/** True when the path is this one, or this one and a "/" (the root's route is "" here: "/" alone). */
function isExactly(path: string, exact: string): boolean {
  return path.length - exact.length <= 1 && path.startsWith(exact) && (path.length === exact.length || path.charCodeAt(exact.length) === 47);
}

/**
 * A feature's router, entered only by the requests whose path it has a route or middleware for.
 * Express walks every router mounted without a path for every request: it matches each of its
 * routes' patterns, and leaves an unmatched router on the next turn of the event loop
 * (setImmediate), about 35 of them for a page near the end of the list. A request whose path
 * segments start with no layer's plain leading segments could not be answered or changed by it, so it goes straight
 * on, in the same order as before. A router with a layer that can match any path is entered by
 * every request, as before. Its layers are read at the first request, once every route is added.
 */
export function byPathPrefix(router: ExpressRouter): RequestHandler & { paths(): PathsOfRouter | undefined; stack: unknown } {
  let known: PathsOfRouter | undefined | null = null;
  const paths = () => (known === null ? (known = pathsOf(router as unknown as Router)) : known);
  // The router's layers stay in view (stack), for what walks an app's routes (test/helpers/routes.ts).
  return Object.assign(routeByPathPrefix, { paths, stack: (router as unknown as Router).stack });
  function routeByPathPrefix(req: Request, res: Response, next: NextFunction): void {
    const answered = paths();
    if (answered) {
      // req.path: the path without its query, as the router matches it.
      const path = req.path.toLowerCase();
      if (!answered.prefixes.some((p) => startsWithPrefix(path, p)) && !answered.exact.some((p) => isExactly(path, p))) return next();
    }
    router(req, res, next);
  }
}
