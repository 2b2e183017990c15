import "../../test/dom-stubs.js";
import type { CallTrace } from "@ringflow/flow";
import { traceToPcap } from "@ringflow/flow/trace";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { ApiClient } from "../api/client.js";
import { ClientContext } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { CallsPanel } from "./CallsPanel.js";
import { rtpCaptureNote } from "./words.js";

// The call detail's pcap downloads: the SIP-only one built from the trace, and the one with RTP
// fetched from the API (GET /v1/calls/{id}/pcap?media=rtp) when the trace records a capture.

const CALL_ID = "c1@test";

function trace(extra: Partial<CallTrace> = {}): CallTrace {
  return {
    v: 1,
    callId: CALL_ID,
    tenantId: "demo",
    from: "sip:+15550188@127.0.0.1",
    to: "sip:+15550101@127.0.0.1",
    startedAt: 1_764_000_000_000,
    endedAt: 1_764_000_004_000,
    outcome: "hungup",
    finalStatus: 200,
    path: ["start"],
    decisions: [],
    sip: [
      {
        at: 1_764_000_000_000,
        dir: "in",
        transport: "udp",
        local: "127.0.0.1:5060",
        remote: "127.0.0.1:5070",
        leg: "a",
        summary: "INVITE",
        raw: "INVITE sip:+15550101@127.0.0.1 SIP/2.0\r\nCall-ID: c1@test\r\nContent-Length: 0\r\n\r\n",
      },
    ],
    ...extra,
  };
}

const CAPTURE = { key: "recordings/rtp/demo/c1@test.pcap", packets: 212, bytes: 40_280 };

/** The API as the panel sees it: empty call lists, and the pcap route answering `pcap`. */
function api(pcap: { status: number; bytes?: Uint8Array; json?: unknown }) {
  const seen: { url: string; auth: string | undefined }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    seen.push({ url, auth: headers.authorization });
    const isPcap = url.includes("/pcap");
    const json = isPcap ? pcap.json : url.includes("/live") ? { calls: [], now: 0 } : { calls: [] };
    const status = isPcap ? pcap.status : 200;
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: "",
      headers: { get: () => null },
      text: async () => (json === undefined ? "" : JSON.stringify(json)),
      arrayBuffer: async () => (pcap.bytes ?? new Uint8Array()).slice().buffer,
    };
  }) as unknown as typeof fetch;
  return { client: new ApiClient({ baseUrl: "http://api.test", apiKey: "k1" }, f), seen };
}

const clicked: { href: string; download: string }[] = [];
const blobs: Blob[] = [];
beforeEach(() => {
  clicked.length = 0;
  blobs.length = 0;
  // jsdom has no object URLs and does not navigate: what would be saved is what we look at.
  URL.createObjectURL = (b: Blob) => {
    blobs.push(b);
    return `blob:test/${blobs.length}`;
  };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  };
});
afterEach(() => {
  cleanup();
  useDesigner.getState().setOverlay(null);
});

/** A blob's bytes (jsdom's Blob has no arrayBuffer()). */
function read(b: Blob): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.readAsArrayBuffer(b);
  });
}

async function openPanel(t: CallTrace, client: ApiClient) {
  useDesigner.getState().setOverlay({ source: "call", path: t.path, trace: t });
  await act(async () => {
    render(
      <ClientContext.Provider value={{ client, setClient: () => {} }}>
        <CallsPanel />
      </ClientContext.Provider>,
    );
  });
}

test("a call with an RTP capture: the button fetches ?media=rtp with the key and saves the pcap", async () => {
  const bytes = traceToPcap(trace());
  const { client, seen } = api({ status: 200, bytes });
  await openPanel(trace({ rtpCapture: CAPTURE }), client);
  const button = screen.getByRole("button", { name: "Download pcap with RTP" });
  expect((button as HTMLButtonElement).disabled).toBe(false);
  // Described by the sentence beside it (what screen readers announce with the button).
  expect(button.getAttribute("aria-describedby")).toBe("call-rtp-note");
  expect(document.getElementById("call-rtp-note")?.textContent).toBe("RTP captured: 212 packets, 39 KB.");
  // The SIP-only pcap stays a link built from the trace.
  expect(screen.getByRole("link", { name: "Download pcap (SIP only)" }).getAttribute("download")).toBe(
    `${CALL_ID}.pcap`,
  );

  await act(async () => {
    fireEvent.click(button);
  });
  expect(seen.filter((s) => s.url.includes("/pcap"))).toEqual([
    { url: "http://api.test/v1/calls/c1%40test/pcap?media=rtp", auth: "Bearer k1" },
  ]);
  expect(clicked).toEqual([{ href: "blob:test/2", download: "c1_test-rtp.pcap" }]);
  const saved = await read(blobs[1] as Blob);
  expect((blobs[1] as Blob).type).toBe("application/vnd.tcpdump.pcap");
  expect(Buffer.from(saved).readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(saved).toEqual(bytes);
  expect(screen.queryByRole("alert")).toBeNull();
});

test("a call without a capture: the button is disabled and says why; nothing is fetched", async () => {
  const { client, seen } = api({ status: 200 });
  await openPanel(trace(), client);
  const button = screen.getByRole("button", { name: "Download pcap with RTP" }) as HTMLButtonElement;
  expect(button.disabled).toBe(true);
  expect(document.getElementById("call-rtp-note")?.textContent).toMatch(
    /^No RTP to download: the flow did not capture this call's RTP \(Settings: "Keep call audio \(RTP\) in the call's pcap", then publish\)/,
  );
  await act(async () => {
    fireEvent.click(button);
  });
  expect(seen.some((s) => s.url.includes("/pcap"))).toBe(false);
  expect(clicked).toEqual([]);
});

test("a capture gone from the bucket (404): the API's reason is shown, nothing is saved", async () => {
  const { client } = api({
    status: 404,
    json: { error: "not_found", message: "the RTP capture of call c1@test (expired?) was not found" },
  });
  await openPanel(trace({ rtpCapture: CAPTURE }), client);
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Download pcap with RTP" }));
  });
  expect(screen.getByRole("alert").textContent).toBe(
    "The pcap with RTP could not be downloaded: the RTP capture of call c1@test (expired?) was not found (not_found)",
  );
  expect(clicked).toEqual([]);
});

test("an answer that is not a pcap is a bad_response, not a file", async () => {
  const { client } = api({ status: 200, bytes: Buffer.from("<html>proxy error page</html>") });
  await expect(client.callPcap(CALL_ID, { rtp: true })).rejects.toMatchObject({ code: "bad_response" });
});

test("the note says why a capture is missing or cut short", () => {
  expect(rtpCaptureNote({ rtpCapture: { ...CAPTURE, packets: 1500, truncatedBy: "edge_budget" } })).toBe(
    "RTP captured: 1,500 packets, 39 KB; it stopped early (the edge's capture memory was full).",
  );
  expect(
    rtpCaptureNote({
      media: [{ at: 1, action: "capture", durationMs: 0, detail: "RTP capture not stored: NoSuchBucket" }],
    }),
  ).toBe("No RTP to download: RTP capture not stored: NoSuchBucket.");
});
