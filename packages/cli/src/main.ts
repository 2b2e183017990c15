// `ringflow <verb> ...`: JSON on stdout, documented exit codes, never a stack trace for bad input.
// Each verb lives in commands/<verb>.ts and exports `run(args: string[]): Promise<number>`.
import { CliError, printJson } from "./output.js";

const verbs: Record<string, string> = {
  validate: "./commands/validate.js",
  simulate: "./commands/simulate.js",
  schema: "./commands/schema.js",
  "sip-check": "./commands/sip-check.js",
  flow: "./commands/flow.js",
  publish: "./commands/publish.js",
  number: "./commands/number.js",
  call: "./commands/call.js",
  calls: "./commands/calls.js",
  key: "./commands/key.js",
  function: "./commands/function.js",
  admin: "./commands/admin.js",
};

const usage = `usage: ringflow <verb> [args]
verbs: ${Object.keys(verbs).join(", ")}
exit codes: 0 ok; 1 the input has errors (invalid flow, failed check); 2 usage or unreadable input; 3 the API refused or failed`;

export async function main(argv: string[]): Promise<number> {
  const [verb, ...args] = argv;
  if (!verb || verb === "--help" || verb === "-h" || verb === "help") {
    console.log(usage);
    return verb ? 0 : 2;
  }
  const path = verbs[verb];
  if (!path) {
    printJson({ error: "unknown_verb", message: `unknown verb "${verb}"`, verbs: Object.keys(verbs) });
    return 2;
  }
  try {
    const mod = (await import(path)) as { run: (args: string[]) => Promise<number> };
    return await mod.run(args);
  } catch (err) {
    if (err instanceof CliError) {
      printJson({ error: err.code, message: err.message });
      return err.exitCode;
    }
    printJson({ error: "internal", message: err instanceof Error ? err.message : String(err) });
    return 2;
  }
}

if (process.argv[1]?.endsWith("main.ts") || process.argv[1]?.endsWith("main.js")) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
