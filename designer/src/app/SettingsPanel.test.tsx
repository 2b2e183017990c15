import "../../test/dom-stubs.js";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { ApiClient } from "../api/client.js";
import { receptionFlow } from "../core/testflow.js";
import { loadFlow, saveDraft } from "./remote.js";
import { SettingsPanel } from "./SettingsPanel.js";
import { useDesigner } from "./store.js";

// The flow's RTP capture box (settings.captureRtp): an edit like any other (one undo step each),
// saved with the draft and shown again when the draft is read back.

const BOX = "Keep call audio (RTP) in the call's pcap";
const box = () => screen.getByRole("checkbox", { name: BOX }) as HTMLInputElement;
const settings = () => useDesigner.getState().flow.settings;

function renderPanel() {
  render(<SettingsPanel />);
}

beforeEach(() => {
  localStorage.clear();
  useDesigner.getState().load(receptionFlow(), { flowId: "reception", revision: 3 });
});
afterEach(cleanup);

test("the box is off for a flow that does not say, and says what capture keeps and costs", () => {
  expect("captureRtp" in settings()).toBe(false);
  renderPanel();
  expect(box().checked).toBe(false);
  // Its explanation is the box's accessible description, not loose text near it.
  const hint = document.getElementById(box().getAttribute("aria-describedby") ?? "")?.textContent ?? "";
  expect(hint).toMatch(/audio packets \(RTP and RTCP/);
  expect(hint).toMatch(/pcap download/);
  expect(hint).toMatch(/costs storage/);
  expect(hint).toMatch(/10 minutes, 120,000 packets or 16 MiB/);
});

test("toggling sets settings.captureRtp in the edited flow, one undo step each; undo and redo follow", () => {
  const before = settings();
  renderPanel();
  act(() => {
    fireEvent.click(box());
  });
  expect(settings()).toEqual({ ...before, captureRtp: true });
  expect(box().checked).toBe(true);

  act(() => useDesigner.getState().undo());
  expect(settings()).toBe(before);
  expect(box().checked).toBe(false);

  act(() => useDesigner.getState().redo());
  expect(settings().captureRtp).toBe(true);
  expect(box().checked).toBe(true);

  // Off drops the key (absent is the schema's off) and is its own undo step.
  act(() => {
    fireEvent.click(box());
  });
  expect("captureRtp" in settings()).toBe(false);
  expect(settings()).toEqual(before);
  expect(box().checked).toBe(false);
  act(() => useDesigner.getState().undo());
  expect(settings().captureRtp).toBe(true);
});

test("a flow read with captureRtp false shows the box off; checking it turns it on", () => {
  const f = receptionFlow();
  useDesigner.getState().load({ ...f, settings: { ...f.settings, captureRtp: false } });
  renderPanel();
  expect(box().checked).toBe(false);
  act(() => {
    fireEvent.click(box());
  });
  expect(settings().captureRtp).toBe(true);
});

test("saving sends captureRtp with the draft, and the draft read back shows the box on", async () => {
  // The API as far as a save and a read go: one flow, stored as sent.
  let stored: unknown;
  let revision = 3;
  const puts: unknown[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    let body: unknown;
    if (init.method === "PUT" && path === "/v1/flows/reception") {
      stored = JSON.parse(String(init.body));
      puts.push(stored);
      revision += 1;
      body = { id: "reception", revision, issues: [] };
    } else if (path === "/v1/flows/reception/versions") {
      body = { versions: [] };
    } else if (path === "/v1/flows/reception") {
      body = {
        id: "reception",
        name: "Reception",
        revision,
        errors: 0,
        warnings: 0,
        createdAt: "2026-12-05T00:00:00Z",
        updatedAt: "2026-12-05T00:00:00Z",
        flow: stored,
      };
    }
    return {
      ok: body !== undefined,
      status: body !== undefined ? 200 : 404,
      statusText: "",
      headers: { get: () => null },
      text: async () => JSON.stringify(body ?? { error: "not_found", message: path }),
    };
  }) as unknown as typeof fetch;
  const client = new ApiClient({ baseUrl: "http://api.test", apiKey: "k1" }, f);

  renderPanel();
  act(() => {
    fireEvent.click(box());
  });
  await act(async () => {
    expect(await saveDraft(client)).toBeNull();
  });
  expect(puts).toHaveLength(1);
  expect((puts[0] as { settings: { captureRtp?: boolean } }).settings.captureRtp).toBe(true);

  // Another document in between, then the draft from the API again.
  act(() => useDesigner.getState().load(receptionFlow()));
  expect(box().checked).toBe(false);
  await act(async () => {
    await loadFlow(client, "reception");
  });
  expect(settings().captureRtp).toBe(true);
  expect(useDesigner.getState().remote.revision).toBe(4);
  expect(box().checked).toBe(true);
});
