import type { NodeOf } from "@ringflow/flow";

/** A new menu offers key 1, unwired: the canvas shows its handle and validation asks for it. */
export const menuDefaults = (): NodeOf<"menu"> => ({
  type: "menu",
  label: "Menu",
  prompt: { text: "" },
  options: { "1": "" },
  retries: 2,
  firstDigitTimeoutMs: 5000,
  interDigitTimeoutMs: 3000,
});
