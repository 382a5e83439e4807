import net from "node:net";
import tls from "node:tls";

/** A connection an in-process target tried to open past the fakes: refused, so nothing left unseen. */
export interface UnrecordedConnection {
  readonly host: string;
  readonly port: number | undefined;
  /** `net` for a plain socket, `tls` for a TLS one (`tls.connect`, `https` without interception). */
  readonly via: "net" | "tls";
}

const loopbackNames = new Set(["localhost", "::1", "0:0:0:0:0:0:0:1"]);

/** Loopback by its literal address or name only: a name that merely resolves there is not trusted. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    loopbackNames.has(bare) ||
    bare.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

interface ConnectTarget {
  readonly host: string;
  readonly port: number | undefined;
  /** A Unix socket or Windows pipe: local by construction. */
  readonly path?: string;
}

/**
 * What `Socket.prototype.connect` was asked for, in each of its call forms: `(options, cb)`,
 * `(port, host, cb)`, `(path, cb)`, and the pre-normalised array `net.connect` passes on.
 */
function connectTarget(args: readonly unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === "object") {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (typeof options.path === "string") return { host: "", port: undefined, path: options.path };
    return {
      host: options.host ?? "localhost",
      port: options.port === undefined ? undefined : Number(options.port),
    };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { host: "", port: undefined, path: first };
  const host = Array.isArray(args[0]) ? undefined : args[1];
  return { host: typeof host === "string" ? host : "localhost", port: Number(first) };
}

/**
 * Wraps `net.Socket.prototype.connect`, which `net.connect`, `tls.connect`, `http`/`https` agents,
 * `undici` and every other TCP client in Node reach in the end: a connection to a loopback address
 * or a local socket goes through; any other is reported and refused (the socket errors with
 * `ECONNREFUSED`, as a closed port would), so it can never carry data the fakes did not record.
 * Returns the function that puts the original back.
 */
export function installSocketGuard(onRefused: (connection: UnrecordedConnection) => void): () => void {
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target.path !== undefined || isLoopbackHost(target.host)) {
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    }
    const connection: UnrecordedConnection = {
      host: target.host,
      port: target.port,
      via: this instanceof tls.TLSSocket ? "tls" : "net",
    };
    onRefused(connection);
    const error = Object.assign(
      new Error(
        `connect ECONNREFUSED ${target.host}:${target.port ?? ""}: refused by the conformance suite ` +
          "(an in-process target reaches only loopback and the subprocessor fakes)",
      ),
      { code: "ECONNREFUSED", syscall: "connect", address: target.host, port: target.port },
    );
    // Asynchronously, as a real refusal: callers attach their error listeners after connect returns.
    process.nextTick(() => this.destroy(error));
    return this;
  };
  net.Socket.prototype.connect = guarded as typeof original;
  return () => {
    if (net.Socket.prototype.connect === guarded) net.Socket.prototype.connect = original;
  };
}
