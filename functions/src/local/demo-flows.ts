import type { FlowInput } from "@ringflow/flow";

/** The demo tenant's second flow: every call is redirected (302) to a local SIP peer. */
export const redirectFlow: FlowInput = {
  version: 1,
  name: "Redirect demo",
  description: "Answers every call with 302 to sip:demo@127.0.0.1:5070.",
  entry: "start",
  nodes: {
    start: { type: "start", label: "Incoming call", next: "redirect" },
    redirect: {
      type: "forward",
      label: "To the demo peer",
      mode: "redirect",
      targets: [{ uri: "sip:demo@127.0.0.1:5070" }],
    },
  },
  layout: { start: { x: 0, y: 0 }, redirect: { x: 0, y: 120 } },
};

/** The name the sample customer function is registered under in local mode (the demo tenant's prefix). */
export const SAMPLE_CUSTOMER_FUNCTION = "ringflow-customer-demo-vip-caller";

/** A flow whose decision node asks the sample customer function whether the caller is a VIP. */
export const vipFlow: FlowInput = {
  version: 1,
  name: "VIP routing demo",
  description:
    "Asks the customer's function whether the caller is a VIP: VIPs go to sip:vip@, others to sip:demo@.",
  entry: "start",
  nodes: {
    start: { type: "start", label: "Incoming call", next: "vip" },
    vip: {
      type: "decision",
      label: "VIP caller?",
      function: SAMPLE_CUSTOMER_FUNCTION,
      timeoutMs: 1000,
      routes: { vip: "to-vip", regular: "to-desk" },
      error: "to-desk",
      timeout: "to-desk",
    },
    "to-vip": {
      type: "forward",
      label: "VIP line",
      mode: "redirect",
      targets: [{ uri: "sip:vip@127.0.0.1:5070" }],
    },
    "to-desk": {
      type: "forward",
      label: "Front desk",
      mode: "redirect",
      targets: [{ uri: "sip:demo@127.0.0.1:5070" }],
    },
  },
  layout: {
    start: { x: 0, y: 0 },
    vip: { x: 0, y: 120 },
    "to-vip": { x: -150, y: 260 },
    "to-desk": { x: 150, y: 260 },
  },
};
