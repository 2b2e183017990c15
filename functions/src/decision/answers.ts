import type { DecisionAnswer } from "@ringflow/flow/protocol";

/** The defined answers for calls the flow cannot take: a hangup with a fitting SIP status and reason. */
export const refusal = (status: number, reason: string, trace?: DecisionAnswer["trace"]): DecisionAnswer => ({
  actions: [{ type: "hangup", status, reason }],
  state: "",
  ...(trace ? { trace } : {}),
});

export const REFUSALS = {
  malformed: () => refusal(400, "Malformed decision event"),
  noNumber: () => refusal(404, "Number not in service"),
  noFlow: () => refusal(480, "No flow for this number"),
  unpublished: () => refusal(480, "Flow not published"),
  unreadable: () => refusal(500, "Flow cannot be read"),
  unavailable: () => refusal(503, "Routing temporarily unavailable"),
};
