/**
 * Whether a write failed on the unique constraint of `table.column`: SQLite names them in its message,
 * PostgreSQL answers unique_violation (23505) with the table and, in its detail, the key.
 */
export function isUniqueViolation(err: unknown, table: string, column: string): boolean {
  const e = err as { code?: string; message?: string; table?: string; detail?: string };
  if (e.code === '23505') return e.table === table && (e.detail ?? '').startsWith(`Key (${column})=`);
  return e.code === 'SQLITE_CONSTRAINT' && (e.message ?? '').includes(`${table}.${column}`);
}

/**
 * Stores something under a reference number drawn at random (so that one number says nothing of the
 * next), drawing again when the database's unique constraint says the number is taken.
 */
export async function withFreshReference(table: string, draw: () => string, store: (reference: string) => Promise<void>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const reference = draw();
    try {
      await store(reference);
      return reference;
    } catch (err) {
      if (isUniqueViolation(err, table, 'reference_number') && attempt < 10) continue;
      throw err;
    }
  }
}
