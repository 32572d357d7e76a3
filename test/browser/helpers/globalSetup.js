const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Builds the portal once, as `npm start` would, and checks Debian's Chromium is there. */
module.exports = async () => {
  const root = path.resolve(__dirname, '../../..');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium is not at ${chromium}: install Debian's package with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
};
