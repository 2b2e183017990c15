import { CliError } from "./output.js";

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--name value` and `--name=value` flags (repeatable), `--bool` switches listed in `switches`. */
export function parseArgs(args: string[], switches: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) {
      add(a.slice(2, eq), a.slice(eq + 1));
    } else if (switches.includes(a.slice(2))) {
      add(a.slice(2), "true");
    } else {
      const v = args[i + 1];
      if (v === undefined) throw new CliError("usage", `flag ${a} needs a value`);
      add(a.slice(2), v);
      i++;
    }
  }
  return { positional, flags };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}
