import { parseDtmfInfo } from "./dtmf-info.js";

describe("DTMF in SIP INFO", () => {
  test("application/dtmf-relay: Signal and Duration lines", () => {
    expect(parseDtmfInfo("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n")).toEqual({
      digit: "5",
      durationMs: 160,
    });
    expect(parseDtmfInfo("Application/DTMF-Relay; charset=x", "signal= #\nduration=250")).toEqual({
      digit: "#",
      durationMs: 250,
    });
    expect(parseDtmfInfo("application/dtmf-relay", "Signal=11\r\n")).toEqual({ digit: "#" });
    expect(parseDtmfInfo("application/dtmf-relay", "Signal=10\r\nDuration=abc")).toEqual({ digit: "*" });
  });

  test("application/dtmf: the bare key", () => {
    expect(parseDtmfInfo("application/dtmf", "7")).toEqual({ digit: "7" });
    expect(parseDtmfInfo("application/dtmf", "d\r\n")).toEqual({ digit: "D" });
  });

  test("anything else is not a digit", () => {
    expect(parseDtmfInfo("application/sdp", "Signal=5")).toBeNull();
    expect(parseDtmfInfo("application/dtmf-relay", "Signal=55")).toBeNull();
    expect(parseDtmfInfo("application/dtmf-relay", "Duration=100")).toBeNull();
    expect(parseDtmfInfo("application/dtmf", "")).toBeNull();
  });
});
