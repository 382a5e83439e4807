/**
 * Resolves an RFC 6901 JSON pointer (`/retention/crm`) against a value; undefined when it points at
 * nothing. Only own members count, and array elements only by a canonical index (`/list/0`, not
 * `/list/00`, `/list/-` or `/list/length`).
 */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current) && !/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
    if (!Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
