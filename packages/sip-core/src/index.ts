/**
 * @ringflow/sip-core: an RFC 3261 SIP stack on Node built-ins only.
 *
 * Layers, bottom up:
 * - messages: `parseMessage(buf)` -> `SipRequest | SipResponse | SipParseError`; typed
 *   accessors for the hot headers (`via`, `from`, `to`, `callId`, `cseq`, `contact`,
 *   `maxForwards`, `route`, `recordRoute`, `contentType`, `contentLength`); raw access to
 *   the rest (`get`, `getAll`, `getList`, `set`, `add`, `prepend`, `remove`); `toBuffer()`.
 * - screening: `validateMessage` (400s), `screen`/`inspect` (the stateless answers:
 *   400/505/416/501/405/420/483/415/406 or drop), `statelessResponse`.
 * - builders: `createResponse(req, status, {toTag, headers, body})`, `createRequest(...)`.
 * - URIs: `parseUri`, `formatUri`, `uriEquals` (§19.1.4), `sipUri`.
 * - transports: `UdpTransport.bind()`, `TcpTransport.listen()` on one `Transport`
 *   interface, with a tap for call traces and received/rport stamping.
 * - transactions: `TransactionLayer` (server transactions for incoming requests, with
 *   automatic 100 Trying, CANCEL handling and 2xx/3xx-6xx retransmission until ACK;
 *   `sendRequest` for client transactions, `ClientTransaction.cancel()`), over the pure
 *   machines `ClientInviteMachine`, `ClientNonInviteMachine`, `ServerInviteMachine`,
 *   `ServerNonInviteMachine`, driven by a `Clock` (`realClock`, or `FakeClock` in tests).
 * - dialogs: `Dialog.asUac/asUas`, `createRequest` for in-dialog requests, `nextHop`;
 *   `UserAgent` ties dialogs to the transaction layer (ACK for 2xx, BYE/OPTIONS/re-INVITE).
 * - digest: `authorizeRequest(req, 401/407, credentials)` answers a trunk's challenge.
 */

// ---- building ---------------------------------------------------------------------------
export {
  type BodyOptions,
  createRequest,
  createResponse,
  MAGIC_COOKIE,
  nameAddr,
  newBranch,
  type RequestOptions,
  type ResponseOptions,
  randomToken,
} from "./builders.js";
// ---- dialogs, UA core, digest -----------------------------------------------------------
export {
  Dialog,
  type DialogId,
  type DialogState,
  dialogKey,
  dialogKeyOf,
  newTag,
  nextHop,
} from "./dialog.js";
export {
  authorizeRequest,
  type Credentials,
  type DigestChallenge,
  digestAuthorization,
  parseChallenge,
} from "./digest.js";
// ---- messages ---------------------------------------------------------------------------
export { isSipParseError, type SipErrorCode, SipParseError } from "./errors.js";
export {
  type CSeq,
  type MediaType,
  NameAddr,
  parseCSeq,
  parseMediaType,
  parseNameAddr,
  parseVia,
  Via,
} from "./headers.js";
export { type HeaderField, type SipMessage, SipMessageBase, SipRequest, SipResponse } from "./message.js";
export { canonicalName, prettyName } from "./names.js";
export { formatParams, type Params, SyntaxFault } from "./params.js";
export { answerable, type ParseOptions, parseMessage } from "./parser.js";
export { REASONS, reasonPhrase } from "./reasons.js";
export { type Frame, type FramerOptions, StreamFramer } from "./stream.js";
export { ClientInviteMachine } from "./transaction/client-invite.js";
export { ClientNonInviteMachine } from "./transaction/client-non-invite.js";
// ---- transactions -----------------------------------------------------------------------
export { type Clock, FakeClock, realClock, type TimerHandle } from "./transaction/clock.js";
export { cancelTargetKey, clientKey, serverKey } from "./transaction/keys.js";
export {
  ClientTransaction,
  type Destination,
  type RequestHandler,
  ServerTransaction,
  TransactionLayer,
  type TransactionLayerOptions,
} from "./transaction/layer.js";
export type {
  Action,
  ClientInviteState,
  ClientNonInviteState,
  ServerInviteState,
  ServerNonInviteState,
} from "./transaction/machine.js";
export { buildAckForFailure, buildCancel } from "./transaction/requests.js";
export { ServerInviteMachine } from "./transaction/server-invite.js";
export { ServerNonInviteMachine } from "./transaction/server-non-invite.js";
export { ChurnMap } from "./transaction/table.js";
export {
  DEFAULT_TIMERS,
  duration as timerDuration,
  type TimerConfig,
  type TimerName,
} from "./transaction/timers.js";
export { stampVia } from "./transport/receive.js";
export { responseDestination } from "./transport/route.js";
export { type TcpOptions, TcpTransport } from "./transport/tcp.js";
// ---- transports -------------------------------------------------------------------------
export type {
  Address,
  MessageHandler,
  RejectEvent,
  Remote,
  TapEvent,
  Transport,
  TransportOptions,
  TransportProtocol,
} from "./transport/types.js";
export { type UdpOptions, UdpTransport } from "./transport/udp.js";
export { type InviteHandlers, UserAgent, type UserAgentOptions } from "./ua.js";
// ---- URIs -------------------------------------------------------------------------------
export {
  type AbsoluteUri,
  formatUri,
  parseSipUri,
  parseUri,
  type SipUri,
  sipUri,
  type TelUri,
  tryParseUri,
  type Uri,
  unescapeUri,
  uriEquals,
} from "./uri.js";
// ---- screening and stateless answers -----------------------------------------------------
export {
  type CheckCode,
  DEFAULT_POLICY,
  type Inspection,
  inspect,
  KNOWN_METHODS,
  type RequestPolicy,
  screen,
  statelessResponse,
  statelessTag,
  type Verdict,
  validateMessage,
  verdictResponse,
} from "./validate.js";
