/**
 * What the two databases' drivers hand back differs in shape; repositories read it through these.
 * An insert's `.returning('id')` gives [{ id }] on both (SQLite since 3.35, PostgreSQL always).
 */
export function insertedId(rows: readonly ({ id: number } | number)[]): number {
  const row = rows[0];
  if (row === undefined) throw new Error('The insert returned no row');
  return typeof row === 'number' ? row : row.id;
}

/** The rows of a db.raw() select: SQLite's driver gives the rows, node-postgres a result holding them. */
export function rawRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
