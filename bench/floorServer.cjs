// The least a signed-in page can cost (npm run bench): the portal's own answer and signed-in page
// middleware (src/middleware/pageStack.ts, compiled), as createApp mounts it, in front of a route that
// sends the bare Express baseline's small page. Started by bench/server.ts with the portal's database,
// session secret and NODE_ENV; the benchmark signs in through the portal and sends its cookie here.
const express = require('express');
const { openDatabase } = require('../dist/src/db/database');
const { createLogger } = require('../dist/src/logger');
const { noStore } = require('../dist/src/middleware/security');
const { answerStack, signedInPageStack } = require('../dist/src/middleware/pageStack');
const { requireSignIn } = require('../dist/src/middleware/signIn');

const db = openDatabase(process.env.DATABASE_URL || process.env.DATABASE_FILE);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.set('query parser', 'simple');
for (const handler of answerStack(createLogger())) app.use(handler);
app.use(noStore);
app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 500 }));
for (const handler of signedInPageStack(db, process.env.SESSION_SECRET, 30).handlers) app.use(handler);
app.use(requireSignIn);
app.get('/', (_req, res) => void res.send('<!DOCTYPE html><title>ok</title><p>ok</p>'));
const server = app.listen(0, '127.0.0.1', () => console.log('PORT http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => db.destroy().then(() => process.exit(0))));
