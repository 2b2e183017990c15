// Where a target would make the edge send an INVITE: its host and port, and whether that is the
// edge itself or an address inside a network (loopback, private, link-local: an INVITE there turns
// the edge into a port scanner of its own network, e.g. 169.254.169.254).

/** `sip:u@Host:5070;x` -> { host: "host", port: 5070 }; the default port is 5060 (5061 for sips). */
export function targetAddress(uri: string): { host: string; port: number } | undefined {
  const m = /^(sips?):(?:[^@]*@)?(\[[0-9A-Fa-f:.]+\]|[^:;?]+)(?::(\d{1,5}))?/.exec(uri);
  if (!m?.[2]) return undefined;
  const host = m[2]
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return { host, port: m[3] ? Number(m[3]) : m[1] === "sips" ? 5061 : 5060 };
}

/** `host` (any port) or `host:port` (`[v6]:port`) entries of the edge's own addresses. */
export function isEdgeAddress(addr: { host: string; port: number }, edgeHosts: readonly string[]): boolean {
  return edgeHosts.some((entry) => {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[^:]+|[0-9A-Fa-f:]+)(?::(\d{1,5}))?$/.exec(entry.trim());
    if (!m?.[1]) return false;
    const host = m[1]
      .toLowerCase()
      .replace(/^\[|\]$/g, "")
      .replace(/\.$/, "");
    return host === addr.host && (m[2] === undefined || Number(m[2]) === addr.port);
  });
}

const v4 = (host: string): number[] | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.every((x) => x <= 255) ? o : undefined;
};

/** Loopback, private (RFC 1918, RFC 4193), link-local, unspecified, CGNAT, or the name localhost. */
export function isInternalHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const o = v4(h);
  if (o) {
    const [a = 0, b = 0] = o;
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (!h.includes(":")) return false;
  if (h === "::" || h === "::1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped?.[1]) return isInternalHost(mapped[1]);
  const first = Number.parseInt(h.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
