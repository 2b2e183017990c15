// End to end in Debian's Chromium, no backend: draw a flow from an empty canvas by clicking and
// typing, see the error pinned to the unwired node, fix it from the problems list, simulate a call.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeWithTools, freePort } from "@ringflow/testkit";
import type { Page } from "playwright-core";
import { eventually } from "./eventually.js";
import {
  type Browser,
  buildDesigner,
  collectErrors,
  launchChromium,
  type Preview,
  startPreview,
} from "./harness.js";

const shots = join(process.cwd(), "artifacts", "designer");
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

describeWithTools(["chromium"], "designer in Chromium (no backend)", () => {
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const [outDir, port] = await Promise.all([buildDesigner(), freePort()]);
    [preview, browser] = await Promise.all([startPreview(outDir, port), launchChromium()]);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = collectErrors(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  test("draw, see the unwired node, fix it, simulate", async () => {
    try {
      await page.goto(`${preview.url}flows/new`);
      await node(page, "start").waitFor();
      await shot("01-empty");

      // Business hours in New York, weekdays 9-17 (the default range).
      await page.getByRole("button", { name: "Add Business hours" }).click();
      await page.getByLabel("Time zone").fill("America/New_York");
      await page.getByLabel("Label", { exact: true }).fill("Office hours");
      await page.getByRole("button", { name: "Add holiday" }).click(); // every 25 December, closed
      await eventually(async () => expect(await page.getByLabel("Month").inputValue()).toBe("12"));
      await page.getByRole("group", { name: "Special day 1" }).getByLabel("Name").fill("Christmas");

      await page.getByRole("button", { name: "Add Menu" }).click();
      await page.getByLabel("Menu prompt", { exact: true }).fill("For sales press 1.");

      await page.getByRole("button", { name: "Add Forward" }).click();
      await eventually(async () =>
        expect(await page.getByLabel("Target 1", { exact: true }).getAttribute("aria-invalid")).toBe("true"),
      );
      await page.getByLabel("Target 1", { exact: true }).fill("+15550111");
      await eventually(async () =>
        expect(await page.getByLabel("Target 1", { exact: true }).getAttribute("aria-invalid")).not.toBe(
          "true",
        ),
      );

      // Voicemail by dragging it from the palette onto the canvas.
      await page.getByRole("button", { name: "Add Voicemail" }).dragTo(page.locator(".react-flow__pane"), {
        targetPosition: { x: 120, y: 560 },
      });
      await node(page, "voicemail1").waitFor();
      await page.getByLabel("Mailbox").fill("reception");
      await page.getByRole("button", { name: "Add Hang up" }).click();
      await page.getByRole("button", { name: "Zoom to fit" }).click();
      await page.waitForTimeout(300);
      await shot("02-nodes-added");

      // Connect start -> hours by dragging from the start node's output handle.
      const from = await node(page, "start").locator(".react-flow__handle.source").boundingBox();
      const to = await node(page, "hours1").locator(".react-flow__handle.target").boundingBox();
      if (!from || !to) throw new Error("handles not on screen");
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
      await page.mouse.up();
      await eventually(async () =>
        expect(await page.locator('.react-flow__edge[data-id="start:next"]').count()).toBe(1),
      );

      // The rest through each node's Outputs section (the keyboard way).
      const wire = async (id: string, outputs: Record<string, string>) => {
        await node(page, id).click();
        for (const [out, target] of Object.entries(outputs)) {
          await page.getByLabel(new RegExp(`^${out}( \\(optional\\))? goes to$`)).selectOption(target);
        }
      };
      await wire("hours1", { open: "menu1", closed: "voicemail1", holiday: "voicemail1" });
      await wire("menu1", { "1": "forward1" }); // failure left unwired on purpose
      await wire("forward1", {
        answered: "hangup1",
        busy: "voicemail1",
        noAnswer: "voicemail1",
        failed: "voicemail1",
      });
      await wire("voicemail1", { next: "hangup1" });
      await page.getByRole("button", { name: "Auto layout" }).click();
      await page.waitForTimeout(600);

      // The one error left is pinned to the menu, the node with the unwired output.
      await eventually(async () =>
        expect((await node(page, "menu1").locator(".badge.error").textContent())?.trim()).toBe("1"),
      );
      for (const id of ["start", "hours1", "forward1", "voicemail1", "hangup1"]) {
        await eventually(async () => expect(await node(page, id).locator(".badge.error").count()).toBe(0));
      }
      await eventually(async () =>
        expect((await node(page, "menu1").locator(".out.unwired").textContent())?.trim()).toBe("failure"),
      );
      await shot("03-unwired-error");

      // Problems list -> click -> the menu is selected and its failure output focused; fix it there.
      await page.getByRole("tab", { name: /Problems/ }).click();
      const problem = page.getByRole("list", { name: "Problems" }).getByRole("button");
      await eventually(async () => expect(await problem.count()).toBe(1));
      await eventually(async () =>
        expect(await problem.textContent()).toContain(
          '"failure" leads nowhere, and the flow has no fallback',
        ),
      );
      await shot("04-problems");
      await problem.click();
      const failure = page.getByLabel("failure goes to");
      await eventually(async () =>
        expect(await failure.evaluate((el) => el === document.activeElement)).toBe(true),
      );
      await eventually(async () =>
        expect(await node(page, "menu1").getAttribute("class")).toMatch(/selected/),
      );
      await failure.selectOption("voicemail1");
      await eventually(async () => expect(await page.locator(".rf-node .badge.error").count()).toBe(0));
      await page.getByRole("button", { name: /^0 errors/ }).waitFor({ state: "visible" });
      await shot("05-fixed");

      // Delete and undo: the hangup and its three incoming edges come back.
      await page.getByRole("button", { name: "Zoom to fit" }).click();
      await page.waitForTimeout(300);
      await node(page, "hangup1").click();
      await eventually(async () =>
        expect(await node(page, "hangup1").getAttribute("class")).toMatch(/selected/),
      );
      await page.keyboard.press("Delete");
      await eventually(async () => expect(await node(page, "hangup1").count()).toBe(0));
      await page.keyboard.press("Control+z");
      await eventually(async () => expect(await node(page, "hangup1").count()).toBe(1));
      await eventually(async () =>
        expect(await page.locator('.react-flow__edge[data-id="forward1:answered"]').count()).toBe(1),
      );

      // Copy and paste the forward (a fresh id, its links to outside nodes dropped), then undo.
      await node(page, "forward1").click();
      await page.keyboard.press("Control+c");
      await page.keyboard.press("Control+v");
      await node(page, "forward2").waitFor();
      await eventually(async () =>
        expect(await node(page, "forward2").getAttribute("class")).toMatch(/selected/),
      );
      await page.keyboard.press("Control+z");
      await eventually(async () => expect(await node(page, "forward2").count()).toBe(0));

      // Simulate a Monday 10:00 New York call: menu, press 1, the forward is not answered, voicemail.
      await page.getByRole("tab", { name: "Simulate" }).click();
      await page.getByLabel("Date").fill("2026-03-02");
      await page.getByLabel("Time", { exact: true }).fill("10:00");
      await page.getByLabel("In time zone").fill("America/New_York");
      await page.getByRole("button", { name: "Start call" }).click();
      await eventually(async () =>
        expect(await node(page, "menu1").locator(".rf-node").getAttribute("class")).toMatch(/current/),
      );
      await eventually(async () =>
        expect(await page.locator('.react-flow__edge[data-id="hours1:open"]').getAttribute("class")).toMatch(
          /edge-lit/,
        ),
      );
      await shot("06-sim-menu");
      await page.getByRole("button", { name: "Press 1" }).click();
      await eventually(async () =>
        expect(await node(page, "forward1").locator(".rf-node").getAttribute("class")).toMatch(/current/),
      );
      const steps = page.getByRole("list", { name: "What happened" });
      await eventually(async () => expect(await steps.textContent()).toContain("Ring +15550111"));
      expect(await steps.textContent()).not.toContain("ringflow.invalid");
      expect(await steps.textContent()).toContain("— press 1 →");
      await page.getByRole("button", { name: "No answer" }).click();
      await page.getByText(/Call ended after \d+ nodes/).waitFor({ state: "visible" });
      for (const [id, n] of [
        ["start", 1],
        ["hours1", 2],
        ["menu1", 3],
        ["forward1", 4],
        ["voicemail1", 5],
        ["hangup1", 6],
      ] as const) {
        await eventually(async () =>
          expect((await node(page, id).locator(".step").textContent())?.trim()).toBe(String(n)),
        );
      }
      await shot("07-sim-ended");

      // 25 December at 10:00 in New York is a Friday, but the holiday wins: straight to voicemail.
      await page.getByLabel("Date").fill("2026-12-25");
      await page.getByRole("button", { name: "Restart call" }).click();
      await page.getByText(/Call ended after 4 nodes/).waitFor({ state: "visible" });
      await eventually(async () =>
        expect((await node(page, "voicemail1").locator(".step").textContent())?.trim()).toBe("3"),
      );
      await eventually(async () => expect(await node(page, "menu1").locator(".step").count()).toBe(0));
      await eventually(async () =>
        expect(
          await page.locator('.react-flow__edge[data-id="hours1:holiday"]').getAttribute("class"),
        ).toMatch(/edge-lit/),
      );
      // The transcript names the branch and the rule, by label, and only the holiday edge lights
      // (closed goes to the same voicemail node).
      const branches = page.getByRole("list", { name: "Branches taken" }).first();
      await eventually(async () =>
        expect(await branches.textContent()).toContain("Office hours — Holiday: Christmas →"),
      );
      expect(
        await page.locator('.react-flow__edge[data-id="hours1:closed"]').getAttribute("class"),
      ).not.toMatch(/edge-lit/);
      await shot("08-sim-christmas");

      // Monday 20:30 is closed: another transcript, the closed edge lit and not the holiday one.
      await page.getByLabel("Date").fill("2026-03-02");
      await page.getByLabel("Time", { exact: true }).fill("20:30");
      await page.getByRole("button", { name: "Restart call" }).click();
      await eventually(async () =>
        expect(await branches.textContent()).toContain(
          "Office hours — Closed: Mon 20:30 is outside opening hours →",
        ),
      );
      await eventually(async () =>
        expect(
          await page.locator('.react-flow__edge[data-id="hours1:closed"]').getAttribute("class"),
        ).toMatch(/edge-lit/),
      );
      expect(
        await page.locator('.react-flow__edge[data-id="hours1:holiday"]').getAttribute("class"),
      ).not.toMatch(/edge-lit/);
      await shot("09-sim-closed");

      expect(errors).toEqual([]);
    } catch (e) {
      await shot("FAILED");
      throw e;
    }
  }, 90_000);

  test("below 900 px the side panel folds away and the canvas stays; a click on a node brings Inspect back", async () => {
    try {
      await page.setViewportSize({ width: 768, height: 900 });
      const pane = page.locator(".react-flow__pane");
      const side = page.getByRole("complementary", { name: "Panels" });
      await eventually(async () => {
        const b = await pane.boundingBox();
        expect(b && b.width >= 600 && b.height >= 600).toBe(true);
      });
      await shot("20-tablet-panel-open");
      await page.getByRole("button", { name: "Hide panels" }).click();
      await eventually(async () => expect(await side.isVisible()).toBe(false));
      await shot("21-tablet-panel-folded");
      await node(page, "hours1").click();
      await eventually(async () => expect(await side.isVisible()).toBe(true));
      await page.getByLabel("Time zone").waitFor({ state: "visible" });
      // Down to 600 px wide the canvas keeps most of the width.
      await page.setViewportSize({ width: 600, height: 800 });
      await eventually(async () => {
        const b = await pane.boundingBox();
        expect(b && b.width >= 480).toBe(true);
      });
      expect(errors).toEqual([]);
    } catch (e) {
      await shot("FAILED-tablet");
      throw e;
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);
});
