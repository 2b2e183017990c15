import { readFileSync } from "node:fs";
import { CliError } from "../output.js";

/** Read a JSON file; an unreadable file or bad JSON is a CliError (exit 2), never a stack trace. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "EIO";
    throw new CliError("unreadable", `cannot read ${path} (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError("not_json", `${path} is not JSON: ${(err as Error).message}`);
  }
}
