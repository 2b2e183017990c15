// Where a call is in its life, kept explicitly rather than inferred from fields:
//
//   offering ──answerLocally──> answeredLocally ──bridge──> bridging ──2xx──> bridged
//      │  └────────────bridge───────────────────────────────> bridging ──2xx──> bridged
//      │                        (a bridge whose legs all fail goes back where it came from)
//      │                        (a bridged callee hanging up: answeredLocally, bridge.done)
//      └── redirect / hangup / fallback / CANCEL / BYE / Timer L ──────────────> ended
//
// offering         the caller's INVITE is pending: no final answer yet (183 early media may be up)
// answeredLocally  the edge answered the caller itself (a media session may hold its RTP)
// bridging         outbound legs ring; the caller is answered or not (`Call.dialog`)
// bridged          one leg answered and is connected to the caller
// ended            the outcome is recorded; the call finishes once nothing is pending

export type CallPhase = "offering" | "answeredLocally" | "bridging" | "bridged" | "ended";
