// One way to read a number from a SIP address, for every part of Ringflow: the edge (the called
// number for fallbacks and traces), the decision function (routing), the interpreter (switch
// conditions, caller id) and the designer. Safe on any input: a %-escape that does not decode
// (`sip:alice%FF@host`, valid SIP, RFC 3261 §19.1.2 allows any escaped octet) is kept as written,
// never thrown. A scan rather than regular expressions: the edge runs it once per INVITE.

/**
 * The user part of a `sip:`/`sips:`/`tel:` URI, or of a name-addr's URI
 * (`"Bob" <sip:+1555@host;x=y>` -> `+1555`), %-escapes decoded. undefined when there is none.
 */
export function userOf(addr: string): string | undefined {
  let i = addr.lastIndexOf("<") + 1;
  while (i < addr.length && addr.charCodeAt(i) <= 0x20) i++;
  const c = addr.charCodeAt(i) | 0x20;
  let tel = false;
  if (c === 0x73 /* s */) {
    if ((addr.charCodeAt(i + 1) | 0x20) !== 0x69 || (addr.charCodeAt(i + 2) | 0x20) !== 0x70)
      return undefined;
    i += 3;
    if ((addr.charCodeAt(i) | 0x20) === 0x73) i++;
  } else if (c === 0x74 /* t */) {
    if ((addr.charCodeAt(i + 1) | 0x20) !== 0x65 || (addr.charCodeAt(i + 2) | 0x20) !== 0x6c)
      return undefined;
    i += 3;
    tel = true;
  } else return undefined;
  if (addr.charCodeAt(i) !== 0x3a /* : */) return undefined;
  const start = ++i;
  let end = -1;
  let escaped = false;
  for (; i < addr.length; i++) {
    const d = addr.charCodeAt(i);
    if (d === 0x3e /* > */ || d <= 0x20) break;
    if (d === 0x25 /* % */) escaped = true;
    if (tel) {
      if (d === 0x3b || d === 0x3f) break; // ; ? end a tel number
    } else if (d === 0x3a /* : */ && end < 0)
      end = i; // user:password
    else if (d === 0x40 /* @ */) {
      if (end < 0) end = i;
      break;
    }
  }
  if (tel) end = i;
  // A sip: URI without "@" has a host and no user part (sip:example.com).
  else if (i >= addr.length || addr.charCodeAt(i) !== 0x40) return undefined;
  if (end <= start) return undefined;
  const raw = addr.slice(start, end);
  return escaped ? decodeEscapes(raw) : raw;
}

/** %XX escapes decoded as UTF-8 where they form valid UTF-8; anything else kept as written. */
function decodeEscapes(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A run of escapes that is not valid UTF-8: its ASCII escapes decoded, the rest kept.
    return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%[0-7][0-9a-fA-F]/g, (e) => String.fromCharCode(Number.parseInt(e.slice(1), 16)));
      }
    });
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const SEPARATORS = /[-.() ]/g;

/**
 * The E.164 number an address names: its user part without visual separators (RFC 3966 §5.1.1:
 * `-`, `.`, `(`, `)`), with `+` added to bare digits (`sip:15550100@h` -> `+15550100`).
 * undefined when the user part is not a number.
 */
export function e164Of(addr: string): string | undefined {
  const full = userOf(addr);
  if (full === undefined) return undefined;
  const semi = full.indexOf(";"); // sip:+1555;phone-context=x@h (§19.1.6)
  const user = semi < 0 ? full : full.slice(0, semi);
  let plain = user.length > 0;
  for (let i = 0; i < user.length && plain; i++) {
    const c = user.charCodeAt(i);
    plain = (c >= 0x30 && c <= 0x39) || (i === 0 && c === 0x2b);
  }
  const cleaned = plain ? user : user.replace(SEPARATORS, "");
  const candidate = cleaned.charCodeAt(0) === 0x2b ? cleaned : `+${cleaned}`;
  return E164.test(candidate) ? candidate : undefined;
}

/** What a flow compares and shows for a party: its E.164 number, else its user part, else the text. */
export function partyOf(addr: string): string {
  return e164Of(addr) ?? userOf(addr) ?? addr.trim();
}
