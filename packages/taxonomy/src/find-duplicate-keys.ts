/**
 * The members that appear twice in the same object of a JSON text, which `JSON.parse` accepts and
 * silently resolves to the last. Each is reported by its path (`retention.crm.keepFor`). Keys are
 * compared after unescaping, so `"a"` and `"\u0061"` are the same key. Expects text that
 * `JSON.parse` accepts.
 */
export function findDuplicateKeys(text: string): { path: string; key: string }[] {
  const duplicates: { path: string; key: string }[] = [];
  interface Frame {
    path: string[];
    keys?: Set<string>;
    index: number;
    key?: string;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  const childPath = (): string[] => {
    const parent = stack.at(-1);
    if (!parent) return [];
    return [...parent.path, parent.keys ? (parent.key ?? "") : String(parent.index)];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "{" || ch === "[") {
      const path = childPath();
      stack.push(
        ch === "{"
          ? { path, keys: new Set(), index: 0, expectKey: true }
          : { path, index: 0, expectKey: false },
      );
      i += 1;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      i += 1;
    } else if (ch === ",") {
      const frame = stack.at(-1);
      if (frame?.keys) frame.expectKey = true;
      else if (frame) frame.index += 1;
      i += 1;
    } else if (ch === '"') {
      const end = endOfString(text, i);
      const frame = stack.at(-1);
      if (frame?.keys && frame.expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (frame.keys.has(key)) duplicates.push({ path: [...frame.path, key].join("."), key });
        frame.keys.add(key);
        frame.key = key;
        frame.expectKey = false;
      }
      i = end;
    } else {
      i += 1;
    }
  }
  return duplicates;
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}
