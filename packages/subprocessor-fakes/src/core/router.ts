import type { Route } from "./vendor.js";

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export interface RouterMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches a method and path against path templates; tells "no such path" from "wrong method". */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => compile(route));
  }

  match(method: string, url: URL): RouterMatch | { route: undefined; pathExists: boolean } {
    // `/api/blob` and `/api/blob/` are the same resource to the vendors served here.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
    let pathExists = false;
    for (const { route, pattern, names } of this.#routes) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.when && !route.when(url)) continue;
      pathExists = true;
      if (route.method !== method && !(route.method === "GET" && method === "HEAD")) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? "");
      });
      return { route, params };
    }
    return { route: undefined, pathExists };
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      if (segment.startsWith("*")) {
        names.push(segment.slice(1));
        return "(.+)";
      }
      return segment.replace(/:([A-Za-z]+)|([^:]+)/g, (_, name: string | undefined, literal: string) => {
        if (name) {
          names.push(name);
          return "([^/]+?)";
        }
        return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
