// Schema and role names are the only SQL text built from values: they are checked, then quoted.
const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string): string {
  if (!identifierPattern.test(name)) throw new Error(`not a safe SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** `"name"`, after checking it is a lower-case identifier PostgreSQL would not fold or misread. */
export function quoteIdentifier(name: string): string {
  return `"${assertIdentifier(name)}"`;
}

export function searchPathSql(schemas: readonly string[]): string {
  return `SET LOCAL search_path TO ${schemas.map(quoteIdentifier).join(", ")}`;
}
