import express, { type Express, type Router } from 'express';
import request from 'supertest';
import { byPathPrefix, pathsOf } from '../../../src/middleware/routing';

/** Routers shaped like the portal's: full paths inside, mounted without one, some with middleware on a path. */
function routers(): Router[] {
  const home = express.Router();
  home.get('/', (_req, res) => void res.send('home'));
  const plan = express.Router();
  plan.use('/plan', (req, res, next) => (req.query.deny ? void res.status(403).send('plan refused') : next()));
  plan.get('/plan/queue', (_req, res) => void res.send('queue'));
  plan.get('/plan/requests/:reference', (req, res) => void res.send(`plan request ${req.params.reference}`));
  const search = express.Router();
  const page = express.Router();
  page.get('/prior-auth', (_req, res) => void res.send('search'));
  page.post('/prior-auth/member-search', (_req, res) => void res.send('searched'));
  search.use(page);
  const journey = express.Router();
  journey.post('/prior-auth/start', (_req, res) => void res.send('started'));
  journey.get('/prior-auth/:journeyId/:slug', (req, res) => void res.send(`step ${req.params.slug}`));
  const everywhere = express.Router();
  everywhere.use((req, res, next) => (req.query.stop ? void res.send('stopped') : next()));
  const files = express.Router();
  files.get('/letters/:reference.pdf', (req, res) => void res.send(`letter ${req.params.reference}`));
  return [home, plan, search, everywhere, journey, files];
}

function app(gated: boolean): Express {
  const a = express();
  for (const r of routers()) a.use(gated ? byPathPrefix(r) : r);
  a.use((_req, res) => void res.status(404).send('not found'));
  return a;
}

describe('byPathPrefix', () => {
  it('answers every request as the routers mounted without it do', async () => {
    const plain = app(false);
    const gated = app(true);
    const asked: [string, string][] = [
      ['GET', '/'],
      ['GET', '/?x=1'],
      ['GET', '/plan/queue'],
      ['GET', '/PLAN/Queue/'],
      ['GET', '/plan/queue?deny=1'],
      ['GET', '/plan/elsewhere?deny=1'],
      ['GET', '/plan'],
      ['GET', '/planning?deny=1'],
      ['GET', '/plan/requests/123456789'],
      ['GET', '/prior-auth'],
      ['GET', '/prior-auth/'],
      ['GET', '/Prior-Auth'],
      ['POST', '/prior-auth/member-search'],
      ['POST', '/prior-auth/start'],
      ['GET', '/prior-auth/abc/care-setting'],
      ['GET', '/prior-auth/abc/care-setting?stop=1'],
      ['GET', '/prior-authorization/metrics'],
      ['GET', '/letters/123.pdf'],
      ['GET', '/nowhere'],
      ['GET', '/nowhere?stop=1'],
      ['GET', '//plan/queue'],
      ['GET', '/prior%2Dauth'],
    ];
    for (const [method, path] of asked) {
      const expected = await request(plain)[method === 'GET' ? 'get' : 'post'](path);
      const got = await request(gated)[method === 'GET' ? 'get' : 'post'](path);
      expect({ method, path, status: got.status, text: got.text }).toEqual({ method, path, status: expected.status, text: expected.text });
    }
  });

  it('knows the paths a router answers, and when it may answer any', () => {
    const [home, plan, search, everywhere, , files] = routers();
    expect(pathsOf(home as never)).toEqual({ exact: [''], prefixes: [] });
    expect(pathsOf(plan as never)).toEqual({ exact: ['/plan/queue'], prefixes: ['/plan', '/plan/requests'] });
    expect(pathsOf(search as never)).toEqual({ exact: ['/prior-auth', '/prior-auth/member-search'], prefixes: [] });
    expect(pathsOf(everywhere as never)).toBeUndefined();
    expect(pathsOf(files as never)).toEqual({ exact: [], prefixes: ['/letters'] });
  });
});
