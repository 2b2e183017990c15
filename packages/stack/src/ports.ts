import { createSocket } from "node:dgram";
import { createServer } from "node:net";

export interface PortNeed {
  port: number;
  proto: "tcp" | "udp";
  /** Who needs it, for the error line. */
  owner: string;
  host?: string;
}

/** Resolves true when `port` can be bound right now on `host`. */
export function portIsFree(need: PortNeed): Promise<boolean> {
  const host = need.host ?? "127.0.0.1";
  return new Promise((resolve) => {
    if (need.proto === "udp") {
      const sock = createSocket("udp4");
      sock.once("error", () => resolve(false));
      sock.bind(need.port, host, () => sock.close(() => resolve(true)));
      return;
    }
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(need.port, host, () => srv.close(() => resolve(true)));
  });
}

/** The needs whose ports are taken, in the order given. */
export async function takenPorts(needs: PortNeed[]): Promise<PortNeed[]> {
  const taken: PortNeed[] = [];
  for (const need of needs) if (!(await portIsFree(need))) taken.push(need);
  return taken;
}

export function describeTaken(need: PortNeed): string {
  return `port ${need.port}/${need.proto} on ${need.host ?? "127.0.0.1"} is taken (needed by ${need.owner})`;
}
