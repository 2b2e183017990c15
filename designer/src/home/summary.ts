// What the flows home shows per flow, from the API's lists: status, the numbers that run it and
// the version each one runs. Pure, so it is tested without a browser.
import type { FlowSummary, NumberBinding, VersionSummary } from "../api/client.js";
import { whoWords } from "../app/who.js";

export interface FlowRow {
  id: string;
  name: string;
  /** "draft" (never published), "published" (latest version), or "errors" (the draft has errors). */
  status: "draft" | "published" | "errors";
  latest?: number | undefined;
  errors: number;
  warnings: number;
  updatedAt: string;
  /** Who saved the draft last, in words (absent for drafts saved before it was recorded). */
  updatedBy?: string | undefined;
  archived: boolean;
  /** Each number bound to the flow with the version it runs now ("latest" resolved; "draft": a test number). */
  numbers: { number: string; version: number | "latest" | "draft"; runs?: number | undefined }[];
}

export function flowRows(
  flows: FlowSummary[],
  numbers: NumberBinding[],
  versions: Record<string, VersionSummary[]>,
): FlowRow[] {
  return flows
    .map((f): FlowRow => {
      const latest = (versions[f.id] ?? []).reduce((m, v) => Math.max(m, v.version), 0) || undefined;
      return {
        id: f.id,
        name: f.name,
        status: f.errors > 0 ? "errors" : latest ? "published" : "draft",
        latest,
        errors: f.errors,
        warnings: f.warnings,
        updatedAt: f.updatedAt,
        updatedBy: whoWords(f.updatedBy),
        archived: f.archivedAt !== undefined,
        numbers: numbers
          .filter((n) => n.flowId === f.id)
          .map((n) => {
            const version = n.version ?? "latest";
            return {
              number: n.number,
              version,
              runs: version === "latest" ? latest : version === "draft" ? undefined : version,
            };
          }),
      };
    })
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** Rows whose name, id or numbers contain every word of the query (case-insensitive). */
export function searchRows(rows: FlowRow[], query: string): FlowRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => {
    const hay = [r.name, r.id, ...r.numbers.map((n) => n.number)].join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** A flow id from an imported file's name, as `ringflow flow push` picks it. */
export const idFromFile = (file: string) =>
  file
    .replace(/^.*[\\/]/, "")
    .replace(/(\.flow)?\.json$/, "")
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 64);

/** "5 minutes ago", "yesterday", or the date: how long ago a flow was edited. */
export function ago(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return "";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 172_800) return "yesterday";
  return new Date(t).toLocaleDateString();
}
