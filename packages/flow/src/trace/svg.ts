import type { CallTrace } from "../protocol/trace.js";
import { buildLadder } from "./lanes.js";

// The same ladder as a standalone SVG document (no external CSS or fonts) for the designer.

const LANE_W = 220;
const ROW_H = 34;
const TOP = 56;
const LEFT = 90;
const NOTE_W = 110;

function esc(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderLadderSvg(trace: Pick<CallTrace, "sip">): string {
  const { lanes, arrows } = buildLadder(trace);
  const width = LEFT + Math.max(1, lanes.length) * LANE_W + NOTE_W;
  const height = TOP + Math.max(1, arrows.length) * ROW_H + 20;
  const x = (lane: number) => LEFT + lane * LANE_W + LANE_W / 2;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<defs><marker id="rf-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e8c"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="24" font-weight="bold">Time</text>`,
  );
  lanes.forEach((addr, i) => {
    parts.push(
      `<text x="${x(i)}" y="24" text-anchor="middle" font-weight="bold">${esc(addr)}</text>`,
      `<line x1="${x(i)}" y1="34" x2="${x(i)}" y2="${height - 10}" stroke="#999" stroke-dasharray="4 3"/>`,
    );
  });
  arrows.forEach((a, k) => {
    const y = TOP + k * ROW_H + 16;
    const x1 = x(a.from);
    const x2 = x(a.to);
    parts.push(`<g class="msg">`);
    parts.push(`<text x="8" y="${y}" fill="#555">${a.t.toFixed(3)}</text>`);
    if (a.from === a.to) {
      parts.push(
        `<path d="M${x1},${y - 6} h30 v12 h-30" fill="none" stroke="#1f4e8c" marker-end="url(#rf-arrow)"/>`,
      );
    } else {
      parts.push(
        `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#1f4e8c" stroke-width="1.5" marker-end="url(#rf-arrow)"/>`,
      );
    }
    parts.push(
      `<text x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle">${esc(a.label)}</text>`,
      `<text x="${LEFT + lanes.length * LANE_W + 8}" y="${y}" fill="#777">${esc(a.note)}</text>`,
      `</g>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
