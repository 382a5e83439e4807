import { describe, expect, it } from "vitest";
import { outboundLine } from "./report-markdown.js";

describe("outboundLine", () => {
  it("says every request was recorded only when the suite saw all traffic and nothing went past the fakes", () => {
    expect(outboundLine({ recorded: 12, seesAllTraffic: true, unrecorded: [] })).toBe(
      "every outbound request was recorded (12)",
    );
    expect(outboundLine({ recorded: 12, seesAllTraffic: false, unrecorded: [] })).toBe(
      "12 requests reached the fakes; traffic that bypassed them cannot be seen over http",
    );
    expect(
      outboundLine({
        recorded: 3,
        seesAllTraffic: true,
        unrecorded: [
          { host: "api.example.com", port: 443, via: "tls" },
          { host: "10.0.0.9", port: null, via: "net" },
        ],
      }),
    ).toBe(
      "3 requests recorded; 2 connections went past the fakes and were refused: api.example.com:443 (tls), 10.0.0.9 (net)",
    );
  });
});
