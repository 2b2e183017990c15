import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { mergePcaps, traceToPcap } from "@ringflow/flow/trace";
import { rtpCapturePrefix } from "@ringflow/names";
import { notFound, RingflowError } from "../errors.js";
import { type ApiDeps, type AppEnv, requireRole } from "./context.js";
import { ErrorSchema } from "./schemas.js";

// A call's pcap: its SIP ladder as UDP datagrams (what the designer downloads), and with
// `?media=rtp` the call's RTP/RTCP as the edge captured it (flows with settings.captureRtp),
// merged in time order into one file that Wireshark/tshark read as SIP + RTP (the SDP in the
// ladder announces the streams). The capture's key comes from the tenant's own trace and must
// sit under the tenant's prefix, so a tenant only ever reads its own calls' audio.

const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});

export function callPcapRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/calls/{callId}/pcap",
      tags: ["calls"],
      summary:
        "A call's SIP messages as a pcap; ?media=rtp merges in the call's captured RTP (flows with settings.captureRtp)",
      security: [{ bearer: [] }],
      request: {
        params: z.object({
          callId: z
            .string()
            .min(1)
            .max(128)
            .openapi({ param: { name: "callId", in: "path" } }),
        }),
        query: z.object({
          media: z
            .enum(["none", "rtp"])
            .default("none")
            .openapi({ param: { name: "media", in: "query" } }),
        }),
      },
      responses: {
        200: {
          content: { "application/vnd.tcpdump.pcap": { schema: z.string().meta({ format: "binary" }) } },
          description: "a classic libpcap file (LINKTYPE_RAW)",
        },
        404: err("no such call (or expired); with media=rtp: the call has no stored RTP capture"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { callId } = c.req.valid("param");
      const trace = await deps.store.getTrace(p.tenantId, callId);
      if (!trace) throw notFound(`call ${callId}`);
      let pcap = traceToPcap(trace);
      if (c.req.valid("query").media === "rtp") {
        const key = trace.rtpCapture?.key;
        // Written by the edge under the tenant the decision named; checked again here.
        if (!key?.startsWith(rtpCapturePrefix(p.tenantId)))
          throw notFound(`the RTP capture of call ${callId} (its flow sets no settings.captureRtp?)`);
        const bucket = deps.media?.recordingBucket;
        if (!deps.media || !bucket)
          throw new RingflowError("not_configured", "this API has no recordings bucket", 404);
        let rtp: Uint8Array;
        try {
          const r = await deps.media.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          rtp = (await r.Body?.transformToByteArray()) ?? new Uint8Array();
        } catch (e) {
          if ((e as { name?: string }).name === "NoSuchKey")
            throw notFound(`the RTP capture of call ${callId} (expired?)`);
          throw e;
        }
        pcap = mergePcaps(pcap, rtp);
      }
      const name = callId.replace(/[^A-Za-z0-9._-]/g, "_");
      return c.body(pcap as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/vnd.tcpdump.pcap",
        "Content-Disposition": `attachment; filename="${name}.pcap"`,
        "Cache-Control": "private, max-age=300",
      }) as never;
    },
  );
}
