// Forward targets: a SIP URI (sip:/sips:, RFC 3261 shape, checked without a full parser) or an
// E.164 number. An E.164 number is dialled as `sip:<number>@<host>;user=phone`, where host is the
// flow's `settings.trunkHost` or else the host of the call's request URI (the edge's own domain, so
// the number goes back out through the same trunk the call came in on).

export const E164 = /^\+[1-9]\d{1,14}$/;

const USER = "[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+";
const HOST =
  "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?|\\[[0-9A-Fa-f:.]+\\])";
const SIP_URI = new RegExp(
  `^sips?:(?:${USER}(?::[^@\\s]*)?@)?${HOST}(?::\\d{1,5})?(?:;[^\\s?]*)?(?:\\?\\S*)?$`,
);

export const isE164 = (s: string): boolean => E164.test(s);

export function isSipUri(s: string): boolean {
  if (!SIP_URI.test(s)) return false;
  const port = /:(\d{1,5})(?:[;?]|$)/.exec(s.slice(s.indexOf("@") + 1));
  return !port || Number(port[1]) <= 65_535;
}

export const isTarget = (s: string): boolean => isE164(s) || isSipUri(s);

/** The host[:port] of a SIP URI (`sip:user@host:5060;x=y` -> `host:5060`), or undefined. */
export function uriHost(uri: string): string | undefined {
  const m = /^sips?:(?:[^@]*@)?([^;?]+)/.exec(uri);
  return m?.[1] || undefined;
}

/** A target as a SIP URI the edge can dial. */
export function targetUri(target: string, host: string | undefined): string {
  return isE164(target) ? `sip:${target}@${host ?? "localhost"};user=phone` : target;
}
