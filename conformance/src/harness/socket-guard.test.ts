import { once } from "node:events";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installSocketGuard, isLoopbackHost, type UnrecordedConnection } from "./socket-guard.js";

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

const errorCode = async (socket: net.Socket) => {
  const [error] = (await once(socket, "error")) as [NodeJS.ErrnoException];
  return error.code;
};

describe("installSocketGuard", () => {
  it("refuses every call form of connect to a host that is not loopback, and reports it", async () => {
    const refused: UnrecordedConnection[] = [];
    uninstall = installSocketGuard((connection) => refused.push(connection));
    expect(await errorCode(net.connect(5432, "203.0.113.8"))).toBe("ECONNREFUSED");
    expect(await errorCode(net.createConnection({ port: 443, host: "api.stripe.com" }))).toBe("ECONNREFUSED");
    expect(await errorCode(new net.Socket().connect(25, "mail.example"))).toBe("ECONNREFUSED");
    expect(refused).toEqual([
      { host: "203.0.113.8", port: 5432, via: "net" },
      { host: "api.stripe.com", port: 443, via: "net" },
      { host: "mail.example", port: 25, via: "net" },
    ]);
  });

  it("lets local sockets and loopback through untouched", async () => {
    const refused: UnrecordedConnection[] = [];
    uninstall = installSocketGuard((connection) => refused.push(connection));
    // A Unix socket path that does not exist: the kernel's ENOENT, not the guard's refusal.
    expect(await errorCode(net.connect("/nonexistent/conformance.sock"))).toBe("ENOENT");
    expect(await errorCode(net.connect(1, "127.0.0.1"))).toBe("ECONNREFUSED");
    expect(refused).toEqual([]);
  });

  it("counts only literal loopback as loopback", () => {
    expect(
      ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "app.localhost"].every(
        isLoopbackHost,
      ),
    ).toBe(true);
    expect(
      ["10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io", "0.0.0.0", "api.stripe.com"].some(
        isLoopbackHost,
      ),
    ).toBe(false);
  });
});
