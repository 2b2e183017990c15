import type { CallTrace } from "../protocol/trace.js";
import { buildLadder } from "./lanes.js";

// Wireshark "SIP Flows" as text: a column per address, two rows per message (the label
// centred over its arrow, then the arrow), the time on the left and leg/transport on the right.

const TIME_W = 11;

function put(row: string[], at: number, text: string): void {
  for (let i = 0; i < text.length; i++) {
    if (at + i >= 0 && at + i < row.length) row[at + i] = text[i] as string;
  }
}

export function renderLadderText(trace: Pick<CallTrace, "sip">): string {
  const { lanes, arrows } = buildLadder(trace);
  if (lanes.length === 0) return "(no SIP messages)\n";
  const longest = Math.max(0, ...lanes.map((l) => l.length), ...arrows.map((a) => a.label.length));
  const laneW = Math.min(44, Math.max(24, longest + 4));
  const width = TIME_W + laneW * lanes.length;
  const x = (lane: number) => TIME_W + lane * laneW + Math.floor(laneW / 2);
  const blank = () => {
    const row = Array.from({ length: width }, () => " ");
    for (let i = 0; i < lanes.length; i++) row[x(i)] = "|";
    return row;
  };
  const out: string[] = [];
  const head = Array.from({ length: width }, () => " ");
  put(head, 0, "Time");
  lanes.forEach((l, i) => {
    put(head, x(i) - Math.floor(l.length / 2), l);
  });
  out.push(head.join("").trimEnd());
  out.push(blank().join("").trimEnd());
  for (const a of arrows) {
    const left = Math.min(x(a.from), x(a.to));
    const right = Math.max(x(a.from), x(a.to));
    const span = Math.max(1, right - left - 1);
    const label = a.label.length > span - 2 ? `${a.label.slice(0, Math.max(1, span - 3))}~` : a.label;
    const labelRow = blank();
    put(labelRow, 0, a.t.toFixed(6));
    put(labelRow, left + 1 + Math.floor((span - label.length) / 2), label);
    const arrowRow = blank();
    if (a.from === a.to) {
      put(arrowRow, left + 1, "<-'");
    } else {
      for (let i = left + 1; i < right; i++) arrowRow[i] = "-";
      if (a.to > a.from) arrowRow[right - 1] = ">";
      else arrowRow[left + 1] = "<";
    }
    out.push(`${labelRow.join("")}  ${a.note}`.trimEnd());
    out.push(arrowRow.join("").trimEnd());
  }
  return `${out.join("\n")}\n`;
}
