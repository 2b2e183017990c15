const E164 = /^\+[1-9]\d{1,14}$/;

/** The user part of a SIP/tel address: `"Bob" <sip:+1555@h;x=y>` -> `+1555`. */
export function userPart(addr: string): string | undefined {
  const inner = /<([^>]*)>/.exec(addr)?.[1] ?? addr.trim();
  const m = /^(?:sips?|tel):([^@;?>]+)/i.exec(inner);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/** The E.164 form of an address's user part (visual separators dropped, `+` added to bare digits). */
export function e164Of(addr: string): string | undefined {
  const user = userPart(addr);
  if (!user) return undefined;
  const cleaned = user.replace(/[-.() ]/g, "");
  const candidate = /^\d+$/.test(cleaned) ? `+${cleaned}` : cleaned;
  return E164.test(candidate) ? candidate : undefined;
}
