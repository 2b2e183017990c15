// Test helper: run a CLI entry point with stdout captured.
export async function capture(
  fn: () => Promise<number>,
): Promise<{ code: number; out: string; json: unknown }> {
  let out = "";
  const write = process.stdout.write;
  const log = console.log;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  console.log = (...a: unknown[]) => {
    out += `${a.join(" ")}\n`;
  };
  try {
    const code = await fn();
    let json: unknown;
    try {
      json = JSON.parse(out);
    } catch {
      json = undefined;
    }
    return { code, out, json };
  } finally {
    process.stdout.write = write;
    console.log = log;
  }
}
