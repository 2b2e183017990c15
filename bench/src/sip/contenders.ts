// The parsers compared by `pnpm bench sip`, each doing the same three jobs on the same bytes:
// parse; parse + serialize; parse + read every hot header (Via list with branch/received/
// rport, From/To with tag and URI, Call-ID, CSeq, Contact URI and q, Max-Forwards as a
// number, Route/Record-Route URIs, Content-Type, Content-Length). Each contender says in
// `reads` what its reading covers, and the bench prints it: the same set for every library
// (the naive floor reads the raw values and types nothing, which is what makes it a floor).
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseMessage, type SipMessage, SipParseError } from "@ringflow/sip-core";

export interface Contender {
  name: string;
  /** What `read` covers, printed with the results. */
  reads: string;
  parse(buf: Buffer): unknown;
  /** Null when the library has no serializer. */
  parseSerialize: ((buf: Buffer) => unknown) | null;
  /** Read every hot header of a message `parse` returned (typing them where the library does). */
  read(m: unknown): number;
  parseRead(buf: Buffer): unknown;
}

// bench/node_modules holds the npm peers; resolve them from the bench package
const req = createRequire(join(process.cwd(), "bench", "package.json"));

// ---- sip-core --------------------------------------------------------------------------

function coreParse(buf: Buffer): SipMessage {
  const m = parseMessage(buf);
  if (m instanceof SipParseError) throw m;
  return m;
}

function coreRead(m: SipMessage): number {
  let n = 0;
  for (const v of m.via) {
    n += (v.branch?.length ?? 0) + (v.received?.length ?? 0) + (v.rport === null ? 0 : 1);
  }
  const f = m.from;
  const t = m.to;
  n += (f.tag?.length ?? 0) + (t.tag?.length ?? 0) + f.uri.scheme.length + t.uri.scheme.length;
  n += m.callId.length + m.cseq.seq;
  for (const c of m.contact) n += c.uri.scheme.length + c.q;
  n += m.maxForwards ?? 0;
  for (const r of m.route) n += r.uri.scheme.length;
  for (const r of m.recordRoute) n += r.uri.scheme.length;
  n += (m.contentType?.type.length ?? 0) + (m.contentLength ?? 0);
  return n;
}

export const sipCore: Contender = {
  name: "sip-core",
  reads:
    "each Via (branch, received, rport), From/To (tag, URI parsed), Call-ID, CSeq number, each Contact (URI parsed, q), Max-Forwards and Content-Length as numbers, each Route/Record-Route (URI parsed), Content-Type (media type parsed, lowercased)",
  parse: coreParse,
  parseSerialize: (b) => coreParse(b).toBuffer(),
  read: (m) => coreRead(m as SipMessage),
  parseRead: (b) => coreRead(coreParse(b)),
};

// ---- npm `sip` (0.0.6): regex parser, parses every header eagerly --------------------------

interface NpmSip {
  parse(b: Buffer | string): NpmMsg | undefined;
  stringify(m: NpmMsg): string;
  parseUri(s: string): { schema: string } | undefined;
}
interface NpmAddr {
  uri: string | { schema: string };
  params: Record<string, string | null>;
}
interface NpmMsg {
  headers: Record<string, unknown>;
  content: string;
}

const npmSip = req("sip") as NpmSip;

function npmParse(b: Buffer): NpmMsg {
  const m = npmSip.parse(b);
  if (!m) throw new Error("sip: parse failed");
  return m;
}

function npmRead(m: NpmMsg): number {
  const h = m.headers;
  let n = 0;
  for (const v of h.via as Array<{ params: Record<string, string | null> }>) {
    n += (v.params.branch?.length ?? 0) + (v.params.received?.length ?? 0) + ("rport" in v.params ? 1 : 0);
  }
  const f = h.from as NpmAddr;
  const t = h.to as NpmAddr;
  n += (f.params.tag?.length ?? 0) + (t.params.tag?.length ?? 0);
  n +=
    (npmSip.parseUri(f.uri as string)?.schema.length ?? 0) +
    (npmSip.parseUri(t.uri as string)?.schema.length ?? 0);
  n += (h["call-id"] as string).length + (h.cseq as { seq: number }).seq;
  for (const c of (h.contact as NpmAddr[]) ?? [])
    n += (npmSip.parseUri(c.uri as string)?.schema.length ?? 0) + Number(c.params.q ?? 1);
  n += Number(h["max-forwards"] ?? 0);
  for (const r of (h.route as NpmAddr[]) ?? []) n += (r.uri as { schema: string }).schema.length;
  for (const r of (h["record-route"] as NpmAddr[]) ?? []) n += (r.uri as { schema: string }).schema.length;
  n += ((h["content-type"] as string) ?? "").length + Number(h["content-length"] ?? 0);
  return n;
}

export const npmSipContender: Contender = {
  name: "sip (npm)",
  reads:
    "the same set: Via, Route/Record-Route, CSeq and From/To/Contact parameters come typed from its eager parse; From/To/Contact URIs parsed with sip.parseUri; Max-Forwards and Content-Length converted with Number; Content-Type is the raw string (the library has no media-type parser)",
  parse: npmParse,
  parseSerialize: (b) => npmSip.stringify(npmParse(b)),
  read: (m) => npmRead(m as NpmMsg),
  parseRead: (b) => npmRead(npmParse(b)),
};

// ---- jssip's parser (3.x): PEG grammar, hot headers parsed eagerly, input as a string ----------

interface JsMsg {
  via_branch: string;
  from: { uri: { scheme: string } };
  to: { uri: { scheme: string } };
  from_tag: string;
  to_tag: string;
  call_id: string;
  cseq: number;
  getHeader(name: string): string;
  getHeaders(name: string): string[];
  parseHeader(name: string, idx?: number): unknown;
}
const jsParser = req("jssip/lib/Parser.js") as { parseMessage(data: string, ua: unknown): JsMsg | undefined };
const fakeUa = {};

function jsParse(b: Buffer): JsMsg {
  // jssip takes a string (it runs on WebSocket text frames)
  const m = jsParser.parseMessage(b.toString("utf8"), fakeUa);
  if (!m) throw new Error("jssip: parse failed");
  return m;
}

function jsRead(m: JsMsg): number {
  let n = 0;
  const vias = m.getHeaders("via").length;
  for (let i = 0; i < vias; i++) {
    const v = m.parseHeader("via", i) as { branch?: string; received?: string; rport?: unknown };
    n += (v.branch?.length ?? 0) + (v.received?.length ?? 0) + (v.rport === undefined ? 0 : 1);
  }
  n +=
    (m.from_tag?.length ?? 0) + (m.to_tag?.length ?? 0) + m.from.uri.scheme.length + m.to.uri.scheme.length;
  n += m.call_id.length + m.cseq;
  const contacts = m.getHeaders("contact").length;
  for (let i = 0; i < contacts; i++) {
    const c = m.parseHeader("contact", i) as {
      uri: { scheme: string };
      getParam(p: string): string | undefined;
    };
    n += c.uri.scheme.length + Number(c.getParam("q") ?? 1);
  }
  n += Number(m.parseHeader("max-forwards") ?? 0);
  for (const name of ["route", "record-route"]) {
    const k = m.getHeaders(name).length;
    for (let i = 0; i < k; i++) {
      const r = m.parseHeader(name, i) as { uri?: { scheme: string } } | undefined;
      n += r?.uri?.scheme.length ?? 1;
    }
  }
  n += String(m.parseHeader("content-type") ?? "").length + Number(m.getHeader("content-length") ?? 0);
  return n;
}

export const jssipContender: Contender = {
  name: "jssip",
  reads:
    "the same set: From/To, Call-ID and CSeq come typed from its parse; each Via, Contact, Route/Record-Route, Max-Forwards and Content-Type through its grammar (parseHeader); Content-Length as the raw value converted with Number",
  parse: jsParse,
  // an incoming jssip message has no serializer (toString returns the input text)
  parseSerialize: null,
  read: (m) => jsRead(m as JsMsg),
  parseRead: (b) => jsRead(jsParse(b)),
};

// ---- the naive floor: split lines, split at the colon, no typing at all -------------------------

interface Naive {
  start: string;
  names: string[];
  values: string[];
  body: Buffer;
}

function naiveParse(b: Buffer): Naive {
  const s = b.toString("latin1");
  const he = s.indexOf("\r\n\r\n");
  const lines = s.slice(0, he).split("\r\n");
  const names: string[] = [];
  const values: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const c = l.indexOf(":");
    names.push(l.slice(0, c).trim().toLowerCase());
    values.push(l.slice(c + 1).trim());
  }
  return { start: lines[0]!, names, values, body: b.subarray(he + 4) };
}

const HOT = [
  "via",
  "from",
  "to",
  "call-id",
  "cseq",
  "contact",
  "max-forwards",
  "route",
  "record-route",
  "content-type",
  "content-length",
];

function naiveRead(m: Naive): number {
  // reads the raw value of every hot header; types nothing
  let n = 0;
  for (const h of HOT) {
    for (let i = 0; i < m.names.length; i++) if (m.names[i] === h) n += m.values[i]!.length;
  }
  return n;
}

export const naiveFloor: Contender = {
  name: "naive split-lines",
  reads: "the raw value of each hot header, found by name; types nothing (the floor)",
  parse: naiveParse,
  parseSerialize: (b) => {
    const m = naiveParse(b);
    let out = `${m.start}\r\n`;
    for (let i = 0; i < m.names.length; i++) out += `${m.names[i]}: ${m.values[i]}\r\n`;
    const head = Buffer.from(`${out}\r\n`, "latin1");
    return Buffer.concat([head, m.body]);
  },
  read: (m) => naiveRead(m as Naive),
  parseRead: (b) => naiveRead(naiveParse(b)),
};

export const CONTENDERS = [sipCore, npmSipContender, jssipContender, naiveFloor];
