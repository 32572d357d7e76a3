import { cached, forgetCached, noteGenerations } from '../../../src/db/repositories/cacheGenerations';
import type { Db } from '../../../src/db/database';

const fakeDb = () => ({}) as unknown as Db;
const generations = (users: number) => ({ users, members: 0, reference: 0 });

describe('cached', () => {
  test('reads the database every time until a request has read the generations', async () => {
    const db = fakeDb();
    let loads = 0;
    await cached(db, 'users', 1, async () => ++loads);
    await cached(db, 'users', 1, async () => ++loads);
    expect(loads).toBe(2);
  });

  test('keeps a value until its generation moves', async () => {
    const db = fakeDb();
    noteGenerations(db, generations(1));
    let loads = 0;
    expect(await cached(db, 'users', 1, async () => ++loads)).toBe(1);
    expect(await cached(db, 'users', 1, async () => ++loads)).toBe(1);
    noteGenerations(db, generations(1));
    expect(await cached(db, 'users', 1, async () => ++loads)).toBe(1);
    noteGenerations(db, generations(2));
    expect(await cached(db, 'users', 1, async () => ++loads)).toBe(2);
  });

  test('does not keep a value read while the generation moved: it may be from before the change', async () => {
    const db = fakeDb();
    noteGenerations(db, generations(1));
    let release: (v: string) => void = () => undefined;
    const slow = cached(db, 'users', 1, () => new Promise<string>((resolve) => (release = resolve)));
    noteGenerations(db, generations(2));
    release('before the change');
    expect(await slow).toBe('before the change');
    expect(await cached(db, 'users', 1, async () => 'after the change')).toBe('after the change');
  });

  test('forgets at once what this process changed itself, and freezes what it keeps', async () => {
    const db = fakeDb();
    noteGenerations(db, generations(1));
    const kept = await cached(db, 'reference', 'categories', async () => [{ name: 'Drug testing' }]);
    expect(() => {
      (kept[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    forgetCached(db, 'reference');
    expect(await cached(db, 'reference', 'categories', async () => [{ name: 'Drug screening' }])).toEqual([{ name: 'Drug screening' }]);
  });
});
