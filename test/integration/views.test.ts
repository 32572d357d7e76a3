import fs from 'node:fs';
import path from 'node:path';
import { signedIn } from '../helpers/browser';
import { seedRequestJourney } from '../helpers/seedJourney';
import { startTestApp, type TestApp } from '../helpers/testApp';

const viewsDir = path.resolve(__dirname, '../../views');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

test('a page with many includes is rendered without looking for them on disk', async () => {
  const browser = await signedIn(t.app, 'demo.provider');
  const { url } = await seedRequestJourney(t.db, { at: 'service-details' });
  const existsSync = jest.spyOn(fs, 'existsSync');
  try {
    const page = await browser.visit(url);
    expect(page.h1).toBe('Service details');
    expect(existsSync).not.toHaveBeenCalled();
  } finally {
    existsSync.mockRestore();
  }
});

test('every include is named from the views folder, so that it costs no look-up on disk', () => {
  const relative: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ejs')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/include\(\s*['"]([^'"]+)['"]/g)) {
          if (!m[1]?.startsWith('/')) relative.push(`${path.relative(viewsDir, file)}: ${m[1]}`);
        }
      }
    }
  };
  walk(viewsDir);
  expect(relative).toEqual([]);
});
