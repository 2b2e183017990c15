// End to end against the running local stack, in Debian's Chromium: draw a flow from an empty
// canvas, see the error pinned to the unwired node, fix it, save (and come through a 409), publish,
// bind the demo number, place a SIPp call, and find that call with its path, ladder and pcap.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { eventually } from "./eventually.js";
import {
  type Browser,
  buildDesigner,
  collectErrors,
  launchChromium,
  type Page,
  type Preview,
  startPreview,
} from "./harness.js";
import { type LocalStack, startLocalStack } from "./stack.js";

const shots = join(process.cwd(), "artifacts", "designer");
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const DEMO_NUMBER = "+15550101";

describeWithTools(["chromium", "sipp", "espeak-ng"], "designer against the local stack", () => {
  let stack: LocalStack;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const shot = (name: string) => page.screenshot({ path: join(shots, `stack-${name}.png`) });
  const path = () => new URL(page.url()).pathname;
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json", ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const [s, outDir, port] = await Promise.all([startLocalStack(), buildDesigner(), freePort()]);
    stack = s;
    [preview, browser] = await Promise.all([startPreview(outDir, port), launchChromium()]);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = collectErrors(page);
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await stack?.stop();
  }, 90_000);

  test("draw, fix, save through a conflict, publish, bind, call, and see the call", async () => {
    try {
      await page.goto(
        `${preview.url}?api=${encodeURIComponent(stack.api)}&key=${encodeURIComponent(stack.apiKey)}`,
      );
      // The flows home first; a new flow from there.
      await page.getByRole("table", { name: "Flows" }).waitFor();
      await page.getByRole("button", { name: "New flow" }).click();
      await node(page, "start").waitFor();
      await page.getByLabel("Flow name").fill("Front desk");

      // Open around the clock in UTC; open redirects to the demo desk, closed hangs up.
      await page.getByRole("button", { name: "Add Business hours" }).click();
      await page.getByLabel("Time zone").fill("UTC");
      for (const day of ["Saturday", "Sunday"]) await page.getByLabel(`${day} in opening hours 1`).check();
      await page.getByLabel("From", { exact: true }).fill("00:00");
      await page.getByLabel("to", { exact: true }).fill("24:00");
      await page.getByRole("button", { name: "Add Forward" }).click();
      await page.getByLabel("How", { exact: true }).selectOption("redirect");
      await page.getByLabel("Target 1", { exact: true }).fill("sip:demo@127.0.0.1:5070");
      await page.getByRole("button", { name: "Add Hang up" }).click();
      // Each node was added below the one selected before it: see them all.
      await page.getByRole("button", { name: "Zoom to fit" }).click();
      const wire = async (id: string, outputs: Record<string, string>) => {
        await node(page, id).click();
        for (const [out, target] of Object.entries(outputs)) {
          await page.getByLabel(new RegExp(`^${out}( \\(optional\\))? goes to$`)).selectOption(target);
        }
      };
      await wire("start", { next: "hours1" });
      await wire("hours1", { open: "forward1" }); // closed left unwired
      await page.getByRole("button", { name: "Auto layout" }).click();
      await eventually(async () =>
        expect((await node(page, "hours1").locator(".badge.error").textContent())?.trim()).toBe("1"),
      );
      await eventually(async () =>
        expect(await page.getByRole("button", { name: "Publish…" }).isDisabled()).toBe(true),
      );
      await shot("01-unwired");

      await page.getByRole("tab", { name: /Problems/ }).click();
      // Two problems: hours1's closed output is unwired, so hangup1 is unreachable. Fix the cause.
      await page
        .getByRole("list", { name: "Problems" })
        .getByRole("button", { name: /"closed" leads nowhere/ })
        .click();
      await page.getByLabel("closed goes to").selectOption("hangup1");
      await eventually(async () => expect(await page.locator(".rf-node .badge.error").count()).toBe(0));

      // Save: the API names the flow after it; someone else then saves revision 2 behind our back.
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.getByText("front-desk · rev 1 · saved").waitFor();
      const theirs = (await (await api("GET", "/v1/flows/front-desk")).json()) as { flow: { name: string } };
      const put = await api(
        "PUT",
        "/v1/flows/front-desk",
        { ...theirs.flow, name: "Front desk (theirs)" },
        { "if-match": '"1"' },
      );
      expect(put.status).toBe(200);
      await page.getByLabel("Flow name").fill("Front desk v2");
      await page.getByRole("button", { name: "Save draft" }).click();
      const dialog = page.getByRole("dialog", { name: "Someone else saved this flow" });
      await dialog.waitFor();
      // Whose change is whose: mine, theirs (saved by the demo key), and the name both changed.
      await dialog
        .getByRole("list", { name: "Your changes" })
        .getByText(/name: "Front desk" → "Front desk v2"/)
        .waitFor();
      await dialog
        .getByRole("list", { name: "Their changes" })
        .getByText(/name: "Front desk" → "Front desk \(theirs\)"/)
        .waitFor();
      await dialog
        .getByText(/saved by key “/)
        .first()
        .waitFor();
      await dialog
        .getByRole("list", { name: "Changed by both" })
        .getByText('you: "Front desk v2", they: "Front desk (theirs)"')
        .waitFor();
      expect(await dialog.getByRole("button", { name: "Keep both" }).count()).toBe(0);
      await shot("02-conflict");
      await dialog.getByRole("button", { name: "Overwrite with mine" }).click();
      await page.getByText("front-desk · rev 3 · saved").waitFor();

      // Edits that do not touch: they describe the flow, I relabel the hours node. Keep both.
      const rev3 = (await (await api("GET", "/v1/flows/front-desk")).json()) as { flow: object };
      expect(
        (
          await api(
            "PUT",
            "/v1/flows/front-desk",
            { ...rev3.flow, description: "Set by them" },
            { "if-match": '"3"' },
          )
        ).status,
      ).toBe(200);
      // The canvas may have panned away from it: fit first (a node off screen takes no click).
      await page.getByRole("button", { name: "Zoom to fit" }).click();
      await eventually(async () => {
        await node(page, "hours1").click({ timeout: 2000 });
        expect(await node(page, "hours1").getAttribute("class")).toMatch(/selected/);
      });
      await page.getByLabel("Label", { exact: true }).fill("Desk hours");
      await page.getByRole("button", { name: "Save draft" }).click();
      await dialog.waitFor();
      await dialog.getByRole("list", { name: "Their changes" }).getByText("description changed").waitFor();
      await dialog
        .getByRole("list", { name: "Your changes" })
        .getByText(/Desk hours \(hours1\)/)
        .waitFor();
      await dialog.getByText("Your changes and theirs do not touch: both can be kept.").waitFor();
      await shot("02b-conflict-keep-both");
      await dialog.getByRole("button", { name: "Keep both" }).click();
      await page.getByText("front-desk · rev 5 · saved").waitFor();
      const both = (await (await api("GET", "/v1/flows/front-desk")).json()) as {
        flow: { description?: string; nodes: Record<string, { label?: string }> };
      };
      expect(both.flow.description).toBe("Set by them");
      expect(both.flow.nodes.hours1?.label).toBe("Desk hours");

      // Publish with a message, then bind the demo number to the latest version.
      await page.getByRole("button", { name: "Publish…" }).click();
      await page.getByLabel("What changed?").fill("Desk redirect, around the clock");
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByText(/v1 Desk redirect, around the clock/).waitFor();
      await page.getByRole("button", { name: "Changes in v1" }).click();
      await page
        .getByRole("list", { name: "Changes in version 1" })
        .getByText(/added hours .*\(hours1\)/)
        .waitFor();
      await page.getByLabel("Number (E.164)").fill(DEMO_NUMBER);
      await page.getByRole("button", { name: "Bind number" }).click();
      await page.getByText(`${DEMO_NUMBER} → front-desk (latest)`).waitFor();
      await shot("03-published-bound");

      // A real call: SIPp to the edge, expecting the 302 to the demo desk.
      const sipp = spawnSync(
        "sipp",
        [
          "-sf",
          join(process.cwd(), "examples", "sipp", "redirected-to-demo.sipp.xml"),
          "-s",
          DEMO_NUMBER,
          "-m",
          "1",
          "-p",
          String(await freePort()),
          "-i",
          "127.0.0.1",
          "-timeout",
          "20s",
          "-timeout_error",
          `${stack.sip.host}:${stack.sip.port}`,
        ],
        { cwd: tmpdir(), encoding: "utf8", timeout: 30_000 },
      );
      expect({ status: sipp.status, out: sipp.status === 0 ? "" : sipp.stdout + sipp.stderr }).toEqual({
        status: 0,
        out: "",
      });

      // The call shows up; opening it lights its path and shows the ladder and a pcap.
      await page.getByRole("tab", { name: "Calls" }).click();
      const call = page.getByRole("button", { name: /Open call from .*\+15550199.* to / }).first();
      await eventually(async () => {
        await page.getByRole("button", { name: "Refresh" }).click();
        await call.waitFor({ timeout: 1000 });
      }, 45_000);
      await call.click();
      await page.getByRole("heading", { name: /^Call path: / }).waitFor();
      await page.getByText("start → hours1 → forward1", { exact: true }).waitFor();
      expect(path()).toMatch(/^\/calls\//);
      await eventually(async () =>
        expect(await page.locator('.react-flow__edge[data-id="hours1:open"]').getAttribute("class")).toMatch(
          /edge-lit/,
        ),
      );
      for (const [id, n] of [
        ["start", 1],
        ["hours1", 2],
        ["forward1", 3],
      ] as const) {
        await eventually(async () =>
          expect((await node(page, id).locator(".step").textContent())?.trim()).toBe(String(n)),
        );
      }
      // The ladder names its lanes; a message opens whole.
      const ladder = page.getByRole("img", { name: /SIP ladder of call .*: Caller, Ringflow/ });
      await ladder.waitFor();
      await ladder
        .getByRole("button", { name: /^INVITE .*from Caller to Ringflow/ })
        .first()
        .click();
      await page
        .getByRole("region", { name: "SIP message" })
        .getByText(/^INVITE sip:/)
        .waitFor();
      await page
        .getByText(/Sent on to another address \(302 moved\)/)
        .first()
        .waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download pcap (SIP only)" }).click(),
      ]);
      const pcap = readFileSync((await download.path()) as string);
      expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
      expect(pcap.length).toBeGreaterThan(24 + 16 + 100);
      await shot("04-call");

      // Per-node counts over the chosen period: the one call of this flow today, on the canvas.
      await page.getByLabel("Period").selectOption("day");
      await page.getByRole("button", { name: "Counts on the canvas" }).click();
      await page.getByText("1 call of this flow in the last 24 hours, on the canvas.").waitFor();
      for (const id of ["start", "hours1", "forward1"]) {
        await eventually(async () =>
          expect((await node(page, id).locator(".visits").textContent())?.trim()).toBe("1"),
        );
      }
      expect(await node(page, "hangup1").locator(".visits").count()).toBe(0);
      await shot("04b-counts");

      // The two expected 409s (the conflicts above) are logged by Chromium as failed resource loads.
      expect(errors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
      expect(errors).toHaveLength(2);
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 150_000);

  const home = () =>
    page.goto(`${preview.url}?api=${encodeURIComponent(stack.api)}&key=${encodeURIComponent(stack.apiKey)}`);

  test("cold open: the flows home, the reception flow in one click, fitted; a reload comes back", async () => {
    try {
      await home();
      const table = page.getByRole("table", { name: "Flows" });
      const row = table.getByRole("row", { name: /Reception/ });
      await row.getByText("+15550100").waitFor();
      await row.getByText(/published v1/).waitFor();
      await row.getByText(/by seed/).waitFor(); // last edited by
      await shot("10-home");
      await row.getByRole("link", { name: "Reception" }).click();
      await node(page, "menu").waitFor();
      expect(path()).toBe("/flows/reception");
      // Fitted: every node wholly inside the canvas.
      await eventually(async () => {
        const pane = await page.locator(".react-flow__pane").boundingBox();
        if (!pane) throw new Error("no canvas");
        for (const el of await page.locator(".react-flow__node").all()) {
          const b = await el.boundingBox();
          expect(b && b.y >= pane.y - 1 && b.y + b.height <= pane.y + pane.height + 1).toBe(true);
        }
      });
      // Edges say which output they are.
      await page.locator(".edge-label", { hasText: "press 1" }).waitFor();
      await shot("11-reception");
      await page.reload();
      await node(page, "menu").waitFor();
      expect(path()).toBe("/flows/reception");
      await page.goBack();
      await page.getByRole("table", { name: "Flows" }).waitFor();
      await page.goForward();
      await node(page, "menu").waitFor();
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 60_000);

  test("an edit survives a reload (offered back); leaving with unsaved changes asks first", async () => {
    try {
      await page.getByLabel("Flow name").fill("Reception (edited)");
      await eventually(async () =>
        expect(
          await page.evaluate(() =>
            Object.keys(localStorage).some((k) => k.startsWith("ringflow.autosave.")),
          ),
        ).toBe(true),
      );
      // The browser asks before a reload drops the edit; say leave.
      const asked: string[] = [];
      const onDialog = (d: import("playwright-core").Dialog) => {
        asked.push(d.type());
        void d.accept();
      };
      page.on("dialog", onDialog);
      await page.reload();
      page.off("dialog", onDialog);
      expect(asked).toEqual(["beforeunload"]);
      const banner = page.getByRole("alert", { name: "Unsaved changes kept in this browser" });
      await banner.waitFor();
      await shot("12-offered-back");
      await banner.getByRole("button", { name: "Restore them" }).click();
      expect(await page.getByLabel("Flow name").inputValue()).toBe("Reception (edited)");

      // In-app: the brand link home asks; Stay keeps the edit, Leave drops it.
      await page.getByRole("link", { name: "☎ Flows" }).click();
      const dialog = page.getByRole("dialog", { name: "Unsaved changes" });
      await dialog.getByRole("button", { name: "Stay" }).click();
      expect(path()).toBe("/flows/reception");
      expect(await page.getByLabel("Flow name").inputValue()).toBe("Reception (edited)");
      await page.getByRole("link", { name: "☎ Flows" }).click();
      await dialog.getByRole("button", { name: "Leave without saving" }).click();
      await page.getByRole("table", { name: "Flows" }).waitFor();
      await page.goBack();
      await node(page, "menu").waitFor();
      expect(await page.getByLabel("Flow name").inputValue()).toBe("Reception");
      expect(await page.getByRole("alert", { name: "Unsaved changes kept in this browser" }).count()).toBe(0);
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 60_000);

  test("an edge is selected and deleted with the keyboard; undo brings it back", async () => {
    try {
      const edge = page.locator('.react-flow__edge[data-id="hours:closed"]');
      await edge.focus();
      await page.keyboard.press("Enter");
      await eventually(async () => expect(await edge.getAttribute("class")).toMatch(/selected/));
      await shot("13-edge-selected");
      await page.keyboard.press("Delete");
      await eventually(async () => expect(await edge.count()).toBe(0));
      await page.getByText("unsaved changes").first().waitFor();
      await page.keyboard.press("Control+z");
      await eventually(async () => expect(await edge.count()).toBe(1));
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 60_000);

  test("publish names the number that switches; roll back with a confirmation; a version opens read-only", async () => {
    try {
      await page.getByRole("tab", { name: "Publish" }).click();
      const numbers = page.getByRole("list", { name: "Numbers running this flow" });
      await numbers.getByText("+15550100").waitFor();
      await numbers.getByText("runs v1 (latest)").waitFor();

      // Edit a label and save with Ctrl+S from inside the field.
      await node(page, "bye").click();
      const label = page.getByLabel("Label", { exact: true });
      await label.fill("Goodbye and thanks");
      await label.press("Control+s");
      await page.getByText("reception · rev 2 · saved").waitFor();

      await page.getByRole("button", { name: "Publish…" }).click();
      const dialog = page.getByRole("dialog", { name: "Publish a new version" });
      await dialog
        .getByRole("list", { name: "What this version changes" })
        .getByText(/Goodbye and thanks/)
        .waitFor();
      await dialog.getByText("+15550100 switches to the new version as soon as you publish.").waitFor();
      await shot("20-publish-dialog");
      await dialog.getByLabel("What changed?").fill("Friendlier goodbye");
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      await numbers.getByText("runs v2 (latest)").waitFor();

      await page.getByRole("button", { name: "Roll back to v1" }).click();
      await page
        .getByRole("group", { name: "Confirm roll back to v1" })
        .getByRole("button", { name: "Roll back now" })
        .click();
      await numbers.getByText("runs v1 (pinned)").waitFor();
      const bound = (await (await api("GET", "/v1/numbers")).json()) as {
        numbers: { number: string; version: unknown }[];
      };
      expect(bound.numbers.find((n) => n.number === "+15550100")?.version).toBe(1);
      await shot("21-rolled-back");

      await page.getByRole("link", { name: "View v1" }).click();
      await page.getByText("reception · version 1 (read-only)").waitFor();
      expect(path()).toBe("/flows/reception/versions/1");
      expect(await page.getByRole("button", { name: "Save draft" }).isDisabled()).toBe(true);
      await page.getByRole("button", { name: "Open the draft" }).click();
      await page.getByText("reception · rev 2 · saved").waitFor();
      expect(path()).toBe("/flows/reception");
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 60_000);

  test("Listen plays the server's speech; a WAV uploaded as a prompt is converted and heard", async () => {
    try {
      await node(page, "closed-msg").click();
      const listen = page.getByRole("button", { name: "Listen" });
      await listen.click();
      // The page fetched audio rendered by espeak-ng in the flow's language, and it decoded.
      await page
        .getByRole("status")
        .getByText(/^Playing \(\d+\.\d s\)$/)
        .waitFor({ timeout: 20_000 });
      await shot("30-listen");

      await page.getByLabel("Message: kind").selectOption("audio");
      // One second of a 440 Hz tone at 44.1 kHz, 16-bit mono.
      const rate = 44_100;
      const pcm = Buffer.alloc(rate * 2);
      for (let i = 0; i < rate; i++)
        pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
      const header = Buffer.alloc(44);
      header.write("RIFF", 0);
      header.writeUInt32LE(36 + pcm.length, 4);
      header.write("WAVEfmt ", 8);
      header.writeUInt32LE(16, 16);
      header.writeUInt16LE(1, 20);
      header.writeUInt16LE(1, 22);
      header.writeUInt32LE(rate, 24);
      header.writeUInt32LE(rate * 2, 28);
      header.writeUInt16LE(2, 32);
      header.writeUInt16LE(16, 34);
      header.write("data", 36);
      header.writeUInt32LE(pcm.length, 40);
      await page.getByLabel("Message: upload a WAV file").setInputFiles({
        name: "Closed tone.wav",
        mimeType: "audio/wav",
        buffer: Buffer.concat([header, pcm]),
      });
      await page
        .getByRole("status")
        .getByText(/Uploaded Closed tone \(1\.0 s at 8 kHz\)/)
        .waitFor();
      expect(await page.getByLabel("Message: audio file").inputValue()).toMatch(/Closed_tone\.wav$/);
      await listen.click();
      await page.getByRole("status").getByText("Playing (1.0 s)").waitFor();
      await page.getByRole("tab", { name: "Settings" }).click();
      await page.getByRole("list", { name: "Prompt library" }).getByText("Closed tone").waitFor();
      await shot("31-prompt-library");
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 60_000);

  test("a voicemail left through the edge (SIPp speaking Debian sip-tester's recorded speech) plays in the inbox", async () => {
    try {
      const flow = {
        version: 1,
        name: "Leave a message",
        entry: "start",
        nodes: {
          start: { type: "start", label: "Incoming call", next: "box" },
          box: { type: "voicemail", label: "E2E mailbox", mailbox: "e2e-box", maxLengthSec: 60, next: "bye" },
          bye: { type: "hangup", label: "Goodbye" },
        },
        settings: { language: "en-US" },
        layout: { start: { x: 0, y: 0 }, box: { x: 0, y: 200 }, bye: { x: 0, y: 400 } },
      };
      expect((await api("POST", "/v1/flows?id=leave-message", flow)).status).toBe(201);
      expect((await api("POST", "/v1/flows/leave-message/versions", { message: "e2e" })).status).toBe(201);
      expect(
        (
          await api("PUT", `/v1/numbers/${encodeURIComponent(DEMO_NUMBER)}`, {
            flowId: "leave-message",
            version: "latest",
          })
        ).status,
      ).toBe(200);
      const sipp = spawnSync(
        "sipp",
        [
          "-sf",
          join(process.cwd(), "designer", "e2e", "voicemail-caller.sipp.xml"),
          "-s",
          DEMO_NUMBER,
          "-m",
          "1",
          "-p",
          String(await freePort()),
          "-mp",
          String(await freePort()),
          "-i",
          "127.0.0.1",
          "-timeout",
          "40s",
          "-timeout_error",
          `${stack.sip.host}:${stack.sip.port}`,
        ],
        { cwd: tmpdir(), encoding: "utf8", timeout: 60_000 },
      );
      expect({ status: sipp.status, out: sipp.status === 0 ? "" : sipp.stdout + sipp.stderr }).toEqual({
        status: 0,
        out: "",
      });
      // The decision function stores the message on record.done.
      await eventually(async () => {
        const r = (await (await api("GET", "/v1/mailboxes/e2e-box/messages")).json()) as {
          messages?: { durationSec: number }[];
        };
        expect(r.messages?.length).toBe(1);
        expect(r.messages?.[0]?.durationSec).toBeGreaterThanOrEqual(3);
      }, 30_000);

      // Leave whatever the last test left open (its unsaved edits may ask first: leave).
      const leave = (d: { accept(): Promise<void> }) => void d.accept();
      page.on("dialog", leave);
      await page.goto(
        `${preview.url}flows/leave-message?api=${encodeURIComponent(stack.api)}&key=${encodeURIComponent(stack.apiKey)}`,
      );
      page.off("dialog", leave);
      await node(page, "box").waitFor();
      await page.getByRole("tab", { name: "Voicemail" }).click();
      const messages = page.getByRole("list", { name: "Messages in e2e-box" });
      await messages.getByText("+15550199").waitFor();
      await shot("40-inbox");
      await messages.getByRole("button", { name: "Play the message from +15550199" }).click();
      // The page fetched the recording and it decoded: its length is what the browser measured.
      const playing = page.getByRole("status").getByText(/^Playing \((\d+\.\d) s\)$/);
      await playing.waitFor({ timeout: 20_000 });
      const seconds = Number(/\((\d+\.\d) s\)/.exec((await playing.textContent()) ?? "")?.[1]);
      expect(seconds).toBeGreaterThanOrEqual(3);
      await shot("41-inbox-playing");
    } catch (e) {
      await shot("FAILED-voicemail");
      throw e;
    }
  }, 120_000);

  test("a call held at a menu shows in progress at that node, on the canvas too, then moves to the ended calls", async () => {
    try {
      // A menu that waits 20 s for a key the caller never presses, then says goodbye: the flow,
      // not the test, decides how long the call lasts (inside the edge's 30 s RTP timeout, which
      // a silent caller would meet); the test waits on what the page shows.
      const flow = {
        version: 1,
        name: "Hold line",
        entry: "start",
        nodes: {
          start: { type: "start", label: "Incoming call", next: "menu" },
          menu: {
            type: "menu",
            label: "Hold menu",
            prompt: { text: "Press one." },
            options: { "1": "bye" },
            retries: 0,
            firstDigitTimeoutMs: 20_000,
            failure: "bye",
          },
          bye: { type: "hangup", label: "Goodbye" },
        },
        // The flow keeps the call's RTP: the opened call offers its pcap with RTP.
        settings: { language: "en-US", captureRtp: true },
        layout: { start: { x: 0, y: 0 }, menu: { x: 0, y: 200 }, bye: { x: 0, y: 400 } },
      };
      expect((await api("POST", "/v1/flows?id=hold-line", flow)).status).toBe(201);
      expect((await api("POST", "/v1/flows/hold-line/versions", { message: "e2e" })).status).toBe(201);
      expect(
        (
          await api("PUT", `/v1/numbers/${encodeURIComponent(DEMO_NUMBER)}`, {
            flowId: "hold-line",
            version: "latest",
          })
        ).status,
      ).toBe(200);
      const leave = (d: { accept(): Promise<void> }) => void d.accept();
      page.on("dialog", leave);
      await page.goto(
        `${preview.url}flows/hold-line?api=${encodeURIComponent(stack.api)}&key=${encodeURIComponent(stack.apiKey)}`,
      );
      page.off("dialog", leave);
      await node(page, "menu").waitFor();
      await page.getByRole("tab", { name: "Calls" }).click();
      await page.getByText("No calls in progress.").waitFor();
      // The list starts on the open flow, which has had no call yet.
      const ended = page.getByRole("list", { name: "Recent calls" }).getByRole("button");
      await page.getByText("No calls match.").waitFor();

      const sipp = spawn(
        "sipp",
        [
          "-sf",
          join(process.cwd(), "designer", "e2e", "held-caller.sipp.xml"),
          "-s",
          DEMO_NUMBER,
          "-m",
          "1",
          "-p",
          String(await freePort()),
          "-mp",
          String(await freePort()),
          "-i",
          "127.0.0.1",
          "-timeout",
          "120s",
          "-timeout_error",
          "-nostdin",
          `${stack.sip.host}:${stack.sip.port}`,
        ],
        { cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"] },
      );
      let sippOut = "";
      sipp.stdout?.on("data", (d) => (sippOut += String(d)));
      sipp.stderr?.on("data", (d) => (sippOut += String(d)));
      const sippDone = new Promise<number | null>((r) => sipp.once("close", (code) => r(code)));
      try {
        // In progress: caller, number, the node by its label, and how long so far.
        const inProgress = page.getByRole("list", { name: "Calls in progress" }).getByRole("listitem");
        await inProgress
          .filter({ hasText: /\+15550188 → \+15550101 · Hold menu \(choosing in a menu\) · \d/ })
          .waitFor({ timeout: 25_000 });
        // ... and on the canvas: the menu is marked with the one call there now.
        await eventually(async () =>
          expect(await node(page, "menu").locator(".live").getAttribute("aria-label")).toBe(
            "1 call here now",
          ),
        );
        expect(await node(page, "menu").locator(".rf-node").getAttribute("class")).toMatch(/live-here/);
        expect(await node(page, "start").locator(".live").count()).toBe(0);
        const live = (await (await api("GET", "/v1/calls/live")).json()) as {
          calls: { callId: string; node: string }[];
        };
        expect(live.calls.map((c) => c.node)).toEqual(["menu"]);
        const callId = live.calls[0]?.callId ?? "";
        // The time goes on while it waits.
        const first = await inProgress.first().textContent();
        await eventually(async () => expect(await inProgress.first().textContent()).not.toBe(first), 5000);
        await shot("50-live-call");

        // The menu times out and the flow hangs up: the caller's scenario ends with the edge's BYE.
        expect({ code: await sippDone, out: sippOut.slice(-2000) }).toMatchObject({ code: 0 });
        await page.getByText("No calls in progress.").waitFor({ timeout: 20_000 });
        await eventually(async () => expect(await node(page, "menu").locator(".live").count()).toBe(0));
        // It moved to the ended calls (the newest first), and opens as that call.
        await eventually(async () => expect(await ended.count()).toBe(1), 20_000);
        await ended.first().click();
        await eventually(async () => expect(path()).toBe(`/calls/${encodeURIComponent(callId)}`));
        await page.getByRole("heading", { name: "Call path: Incoming call → Hold menu → Goodbye" }).waitFor();
        await shot("51-live-call-ended");
        // Its pcap with RTP, from the API through the page: SIP plus the prompt the edge sent (the
        // caller says nothing), at least half a second of 20 ms PCMA packets (16 + 20 + 8 + 12 + 160 bytes each).
        const withRtp = page.getByRole("button", { name: "Download pcap with RTP" });
        expect(await withRtp.isEnabled()).toBe(true);
        await page.getByText(/^RTP captured: [\d,]+ packets/).waitFor();
        const [rtpDownload] = await Promise.all([page.waitForEvent("download"), withRtp.click()]);
        expect(rtpDownload.suggestedFilename()).toMatch(/-rtp\.pcap$/);
        const rtpPcap = readFileSync((await rtpDownload.path()) as string);
        expect(rtpPcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
        const sipOnly = await (
          await api("GET", `/v1/calls/${encodeURIComponent(callId)}/pcap`)
        ).arrayBuffer();
        expect(rtpPcap.length).toBeGreaterThan(sipOnly.byteLength + 25 * 216);
        // The flow ended it (the menu's timeout, then its failure output): the decision that answered
        // the hangup is the one that removed it from the live list.
        const t = (await (await api("GET", `/v1/calls/${encodeURIComponent(callId)}`)).json()) as {
          path: string[];
          decisions: { event: string; actions: string[] }[];
        };
        expect(t.path).toEqual(["start", "menu", "bye"]);
        expect(t.decisions.map((d) => [d.event, d.actions.join(",")])).toEqual([
          ["call.new", "answer,collect"],
          ["collect.done", "hangup"],
        ]);
      } finally {
        if (sipp.exitCode === null) sipp.kill();
      }

      // The flow's RTP capture box shows what the API stored; turning it off there saves the draft
      // without it, and the draft read again shows it off.
      await page.getByRole("tab", { name: "Settings" }).click();
      const capture = page.getByRole("checkbox", { name: "Keep call audio (RTP) in the call's pcap" });
      expect(await capture.isChecked()).toBe(true);
      await shot("52-capture-rtp-setting");
      await capture.uncheck();
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.getByText("hold-line · rev 2 · saved").waitFor();
      const draft = (await (await api("GET", "/v1/flows/hold-line")).json()) as {
        flow: { settings: Record<string, unknown> };
      };
      expect(draft.flow.settings.language).toBe("en-US");
      expect(Object.keys(draft.flow.settings)).not.toContain("captureRtp");
      await page.goto(
        `${preview.url}flows/hold-line?api=${encodeURIComponent(stack.api)}&key=${encodeURIComponent(stack.apiKey)}`,
      );
      await node(page, "menu").waitFor();
      await page.getByRole("tab", { name: "Settings" }).click();
      expect(await capture.isChecked()).toBe(false);
    } catch (e) {
      await shot("FAILED-live");
      throw e;
    }
  }, 150_000);
});
