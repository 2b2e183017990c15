import { ConfigError, DEFAULTS, loadConfig, USAGE } from "./config.js";

test("defaults: 127.0.0.1:5060, 2 s budget, advertised = listen address", () => {
  const c = loadConfig({}, []);
  expect(c).toMatchObject({
    host: "127.0.0.1",
    port: 5060,
    advertisedHost: "127.0.0.1",
    advertisedPort: 5060,
  });
  expect(c.decisionBudgetMs).toBe(2000);
  expect(c.maxCalls).toBe(DEFAULTS.maxCalls);
});

test("env first, flags override; advertised address separate; fallbacks per number", () => {
  const c = loadConfig(
    {
      RINGFLOW_EDGE_LISTEN: "0.0.0.0:5070",
      RINGFLOW_DECISION_BUDGET_MS: "1500",
      RINGFLOW_FALLBACKS: "+15551230000=sip:ops@10.0.0.9",
    },
    [
      "--advertise",
      "203.0.113.7:5060",
      "--decision-budget-ms=900",
      "--fallback",
      "+15559990000=sip:vm@10.0.0.8",
    ],
  );
  expect(c).toMatchObject({
    host: "0.0.0.0",
    port: 5070,
    advertisedHost: "203.0.113.7",
    advertisedPort: 5060,
  });
  expect(c.decisionBudgetMs).toBe(900);
  expect(c.fallbacks).toEqual({ "+15551230000": "sip:ops@10.0.0.9", "+15559990000": "sip:vm@10.0.0.8" });
});

test("--no-protection switches both caps off; --invoke-endpoint aws means the SDK's own", () => {
  const c = loadConfig({}, ["--no-protection", "--invoke-endpoint", "aws", "--traces", "off"]);
  expect(c.maxCalls).toBe(0);
  expect(c.maxInviteRatePerSource).toBe(0);
  expect(c.invokeEndpoint).toBeUndefined();
  expect(c.traces).toBe(false);
});

test("bad input is a typed error", () => {
  expect(() => loadConfig({}, ["--max-calls", "-3"])).toThrow(ConfigError);
  expect(() => loadConfig({}, ["--bogus", "1"])).toThrow(ConfigError);
  expect(() => loadConfig({}, ["--fallback", "nope"])).toThrow(ConfigError);
});

test("a wildcard listen address advertises a real interface address, not 0.0.0.0", () => {
  const c = loadConfig({}, ["--listen", "0.0.0.0:5080"]);
  expect(c.advertisedHost).not.toBe("0.0.0.0");
  expect(c.advertisedHost).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(c.advertisedPort).toBe(5080);
});

test("--tcp-port / RINGFLOW_EDGE_TCP_PORT: an extra TCP port, advertised for TCP with the advertised host", () => {
  expect(loadConfig({}, [])).toMatchObject({ tcpPort: 0, advertisedTcpPort: 5060 });
  const env = loadConfig({ RINGFLOW_EDGE_LISTEN: "0.0.0.0:5060", RINGFLOW_EDGE_TCP_PORT: "5062" }, [
    "--advertise",
    "203.0.113.7",
  ]);
  expect(env).toMatchObject({
    port: 5060,
    tcpPort: 5062,
    advertisedHost: "203.0.113.7",
    advertisedPort: 5060,
    advertisedTcpPort: 5062,
  });
  expect(loadConfig({ RINGFLOW_EDGE_TCP_PORT: "5062" }, ["--tcp-port=5070"]).advertisedTcpPort).toBe(5070);
  expect(() => loadConfig({}, ["--tcp-port", "70000"])).toThrow(ConfigError);
  expect(() => loadConfig({}, ["--tcp-port", "x"])).toThrow(ConfigError);
  expect(() => loadConfig({}, ["--listen", "127.0.0.1:5070", "--tcp-port", "5070"])).toThrow(
    /takes TCP already/,
  );
  expect(USAGE).toMatch(/--tcp-port N .*\n.*RINGFLOW_EDGE_TCP_PORT/);
});

test("--rtp-unheard-send-ms / RINGFLOW_RTP_UNHEARD_SEND_MS: the reflection guard's budget; off = no cap", () => {
  expect(loadConfig({}, []).rtpUnheardSendMs).toBe(3000);
  expect(loadConfig({ RINGFLOW_RTP_UNHEARD_SEND_MS: "5000" }, []).rtpUnheardSendMs).toBe(5000);
  expect(
    loadConfig({ RINGFLOW_RTP_UNHEARD_SEND_MS: "5000" }, ["--rtp-unheard-send-ms", "0"]).rtpUnheardSendMs,
  ).toBe(0);
  expect(loadConfig({}, ["--rtp-unheard-send-ms", "OFF"]).rtpUnheardSendMs).toBe(Number.POSITIVE_INFINITY);
  expect(() => loadConfig({}, ["--rtp-unheard-send-ms", "-1"])).toThrow(/non-negative/);
});

test("--rtp-capture-mb / RINGFLOW_RTP_CAPTURE_MB: the task's memory for RTP captures; 0 switches capture off", () => {
  expect(loadConfig({}, []).rtpCaptureBytes).toBe(256 * 1024 * 1024);
  expect(loadConfig({ RINGFLOW_RTP_CAPTURE_MB: "64" }, []).rtpCaptureBytes).toBe(64 * 1024 * 1024);
  expect(loadConfig({ RINGFLOW_RTP_CAPTURE_MB: "64" }, ["--rtp-capture-mb", "0"]).rtpCaptureBytes).toBe(0);
  expect(() => loadConfig({}, ["--rtp-capture-mb", "-1"])).toThrow(/non-negative/);
});
