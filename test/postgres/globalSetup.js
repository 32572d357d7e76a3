const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** test/postgres starts the built portal (node dist/src/server.js), as a plan runs it: build it once. */
module.exports = async () => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
};
