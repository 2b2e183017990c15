// The edge's ports on AWS: what the task listens on, what the load balancer forwards and what the
// security group opens. RFC 3261 §18.2.1: 5060 for UDP/TCP, 5061 for TLS.

export const EDGE_PORTS = {
  /** SIP over UDP (the NLB's UDP listener). */
  sip: 5060,
  /**
   * SIP over TCP, on a port of its own: ECS refuses one container port mapped as both tcp and
   * udp, so TCP listens here and the NLB terminates TLS 5061 onto it.
   */
  sipTcp: 5062,
  /** HTTP GET /health: the target groups' health check (NLB UDP target groups need TCP/HTTP). */
  health: 8080,
  /** RTP/RTCP straight to the task's public address (never through the NLB). */
  rtpMin: 10000,
  rtpMax: 20000,
} as const;
