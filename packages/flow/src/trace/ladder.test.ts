import { bridgedTrace } from "./fixture.test-util.js";
import { buildLadder, renderLadderSvg, renderLadderText } from "./index.js";

test("lanes follow first appearance: caller, edge, callee", () => {
  const { lanes, arrows } = buildLadder(bridgedTrace());
  expect(lanes).toEqual(["127.0.0.1:5070", "127.0.0.1:5060", "127.0.0.1:5080"]);
  expect(arrows.map((a) => [a.from, a.to])).toEqual([
    [0, 1],
    [1, 0],
    [1, 2],
    [2, 1],
    [1, 0],
    [2, 1],
    [1, 2],
    [1, 0],
    [0, 1],
    [0, 1],
    [1, 0],
    [1, 2],
    [2, 1],
  ]);
  expect(arrows[0]?.label).toBe("INVITE (SDP)");
  expect(arrows[1]?.label).toBe("100 Trying");
  expect(arrows[3]?.t).toBeCloseTo(0.0375, 6);
});

test("text ladder: a header of lanes, then a label row and an arrow row per message", () => {
  const text = renderLadderText(bridgedTrace());
  const lines = text.trimEnd().split("\n");
  expect(lines).toHaveLength(2 + 13 * 2);
  const header = lines[0] as string;
  expect(header.startsWith("Time")).toBe(true);
  const xs = ["127.0.0.1:5070", "127.0.0.1:5060", "127.0.0.1:5080"].map((l) => header.indexOf(l));
  expect(xs[0]).toBeGreaterThan(0);
  expect(xs[1]).toBeGreaterThan(xs[0] as number);
  expect(xs[2]).toBeGreaterThan(xs[1] as number);
  // First message: caller -> edge, arrow head on the right, time 0.
  expect(lines[2]).toMatch(/^0\.000000 .*INVITE \(SDP\).*a UDP$/);
  expect(lines[3]).toMatch(/\|-+>\|/);
  // Second: edge -> caller, arrow head on the left.
  expect(lines[4]).toMatch(/100 Trying/);
  expect(lines[5]).toMatch(/\|<-+\|/);
  // Fourth: callee -> edge, in the second gap.
  expect(lines[9]).toMatch(/\|\s+\|<-+\|/);
  expect(text).toContain("b1 UDP");
});

test("text ladder of an empty trace says so", () => {
  expect(renderLadderText({ sip: [] })).toBe("(no SIP messages)\n");
});

test("svg ladder: standalone, a group per message, labels escaped", () => {
  const svg = renderLadderSvg(bridgedTrace());
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  expect(svg.match(/<g class="msg">/g)).toHaveLength(13);
  expect(svg).toContain("486 Busy &#60;Here&#62;");
  expect(svg).not.toContain("<Here>");
  for (const lane of ["127.0.0.1:5070", "127.0.0.1:5060", "127.0.0.1:5080"]) expect(svg).toContain(lane);
  // Every element opened is closed (cheap well-formedness check without a DOM).
  expect(svg.match(/<g /g)?.length).toBe(svg.match(/<\/g>/g)?.length);
});
