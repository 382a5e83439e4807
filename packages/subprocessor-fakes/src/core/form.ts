/** A decoded form body with nested keys (`metadata[tenant]=x`, `expand[0]=y`, `items[0][price]=z`). */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export class FormDecodeError extends Error {}

/** Decodes an `application/x-www-form-urlencoded` body the way Stripe reads it (qs bracket syntax). */
export function decodeNestedForm(params: URLSearchParams): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of params) {
    const path = parseKey(rawKey);
    assign(root, path, value, rawKey);
  }
  return normaliseArrays(root) as FormObject;
}

function parseKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const path = [key.slice(0, first)];
  const rest = key.slice(first);
  const segment = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (const match of rest.matchAll(segment)) {
    if (match.index !== consumed) throw new FormDecodeError(`Invalid parameter name: ${key}`);
    path.push(match[1] ?? "");
    consumed = match.index + match[0].length;
  }
  if (consumed !== rest.length || path[0] === "") throw new FormDecodeError(`Invalid parameter name: ${key}`);
  return path;
}

function assign(target: FormObject, path: string[], value: string, rawKey: string): void {
  let node: FormObject = target;
  for (let i = 0; i < path.length; i++) {
    let segment = path[i] as string;
    const last = i === path.length - 1;
    if (segment === "") segment = String(Object.keys(node).length); // `a[]=x` appends
    if (last) {
      if (typeof node[segment] === "object") throw new FormDecodeError(`Invalid parameter name: ${rawKey}`);
      node[segment] = value;
      return;
    }
    const child = node[segment];
    if (typeof child === "string") throw new FormDecodeError(`Invalid parameter name: ${rawKey}`);
    if (child === undefined) node[segment] = {};
    node = node[segment] as FormObject;
  }
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function normaliseArrays(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((key) => [key, normaliseArrays(value[key] as FormValue)] as const);
  const isArray = keys.length > 0 && keys.every((key, index) => key === String(index));
  if (isArray) return entries.map(([, child]) => child);
  return Object.fromEntries(entries);
}
