import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root folder (the one holding package.json), whether the code runs from src/ under
 * ts-jest or from dist/src/ after a build: views and data files are read relative to it.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(__dirname);
export const viewsDir = path.join(projectRoot, 'views');
export const publicDir = path.join(projectRoot, 'public');
export const seedDataDir = path.join(projectRoot, 'src', 'seed', 'data');
