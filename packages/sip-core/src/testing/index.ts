/**
 * @ringflow/sip-core/testing: what a transaction user needs to test itself sans I/O, on the
 * same layer it runs on in production. Build a `TransactionLayer` over `FakeTransport`s and a
 * `FakeClock`, inject messages with `transport.inject(text, from)`, read what was sent from
 * `transport.sent` (or `take()`), and move time with `clock.advance(ms)`: no sockets, no sleeps.
 */
export { FakeClock } from "../transaction/clock.js";
export { FakeTransport, type Sent } from "./fake-transport.js";
