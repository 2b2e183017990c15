// Numbers are read from SIP addresses one way across Ringflow: the protocol's helpers.
export { e164Of, userOf as userPart } from "@ringflow/flow/protocol";
