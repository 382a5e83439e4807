import { createMswHandlers, type SubprocessorFakes, setupFakesServer } from "@crmfactory/subprocessor-fakes";
import type { SetupServer } from "msw/node";
import { installSocketGuard, type UnrecordedConnection } from "./socket-guard.js";
import { installUndiciGuard } from "./undici-guard.js";

/** What a session saw leave the target, for the report. */
export interface OutboundRecording {
  /** Requests the fakes recorded (served, refused or to an unknown host), whichever way they came. */
  readonly recorded: number;
  /** Connections that went past the fakes (refused in-process): each is a request nobody recorded. */
  readonly unrecorded: readonly UnrecordedConnection[];
  /**
   * True when the suite stood between the target and the network (in-process: MSW, the undici
   * dispatcher and the socket guard), so an empty `unrecorded` means every outbound request was
   * recorded. False over http: only what reached the fakes can be seen.
   */
  readonly seesAllTraffic: boolean;
}

export interface OutboundGuard {
  unrecorded(): readonly UnrecordedConnection[];
  /** Takes this session's guard down; the process-wide hooks go when the last session releases. */
  release(): Promise<void>;
}

interface Registration {
  readonly fakes: SubprocessorFakes;
  readonly unrecorded: UnrecordedConnection[];
}

interface Installed {
  readonly msw: SetupServer;
  readonly uninstall: readonly (() => void)[];
}

// The hooks are process-wide (global fetch, the global dispatcher, the socket prototype), so sessions
// open at once share one installation: requests go to the newest session's fakes, and a refused
// connection is reported to every open session (none can tell whose target tried it).
const sessions: Registration[] = [];
let installed: Promise<Installed> | undefined;

const newest = () => sessions.at(-1);

async function install(): Promise<Installed> {
  const uninstallSockets = installSocketGuard((connection) => {
    for (const session of sessions) session.unrecorded.push(connection);
  });
  try {
    const uninstallUndici = await installUndiciGuard({
      serve: (request) => {
        const session = newest();
        if (!session) return Promise.reject(new TypeError("fetch failed: no conformance session is open"));
        return session.fakes.fetch(request);
      },
    });
    // After the dispatcher: MSW patches global fetch, and the guard's data-URL fetch must not meet it.
    const first = newest() as Registration;
    const msw = setupFakesServer(first.fakes);
    msw.listen({ onUnhandledRequest: "bypass" });
    return { msw, uninstall: [uninstallUndici, uninstallSockets] };
  } catch (error) {
    uninstallSockets();
    throw error;
  }
}

/**
 * Puts the fakes between an in-process target and the network for a session: MSW on global fetch and
 * `node:http(s)` (the fakes answer on the vendors' real hosts, loopback passes through), an undici
 * global dispatcher for clients MSW does not patch, and the socket guard refusing every other
 * connection that is not loopback.
 */
export async function guardOutbound(fakes: SubprocessorFakes): Promise<OutboundGuard> {
  const registration: Registration = { fakes, unrecorded: [] };
  sessions.push(registration);
  try {
    installed ??= install();
    const { msw } = await installed;
    msw.resetHandlers(...createMswHandlers(fakes));
  } catch (error) {
    sessions.splice(sessions.indexOf(registration), 1);
    if (sessions.length === 0) installed = undefined;
    throw error;
  }
  let released = false;
  return {
    unrecorded: () => [...registration.unrecorded],
    async release() {
      if (released) return;
      released = true;
      sessions.splice(sessions.indexOf(registration), 1);
      const current = await installed;
      if (!current) return;
      const next = newest();
      if (next) {
        current.msw.resetHandlers(...createMswHandlers(next.fakes));
        return;
      }
      installed = undefined;
      current.msw.close();
      for (const uninstall of current.uninstall) uninstall();
    },
  };
}
