import type { NodeOf } from "@ringflow/flow";

export const playDefaults = (): NodeOf<"play"> => ({ type: "play", label: "Message", prompt: { text: "" } });
