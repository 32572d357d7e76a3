/** An inserted row's id, as SQLite (a number) and PostgreSQL (an object, with .returning('id')) give it. */
export function idOf(row: unknown): number {
  return typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number);
}
