// The decision every benchmark call gets: a redirect with two Contacts (Kamailio's configs in
// bench/kamailio/ answer the same ones).
export const BENCH_ANSWER = {
  actions: [
    {
      type: "redirect",
      status: 302,
      contacts: [
        { uri: "sip:alice@10.0.0.1", q: 0.9 },
        { uri: "sip:bob@10.0.0.2:5070", q: 0.5 },
      ],
    },
  ],
  state: "bench",
  trace: { tenantId: "bench", flowId: "bench", version: 1, path: ["start", "fwd"] },
};
