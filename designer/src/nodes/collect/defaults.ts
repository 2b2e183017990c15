import type { NodeOf } from "@ringflow/flow";

export const collectDefaults = (): NodeOf<"collect"> => ({
  type: "collect",
  label: "Collect digits",
  prompt: { text: "" },
  variable: "digits",
  minDigits: 1,
  maxDigits: 10,
  firstDigitTimeoutMs: 5000,
  interDigitTimeoutMs: 3000,
});
