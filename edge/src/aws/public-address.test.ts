import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { discoverPublicAddress, ec2PublicIpLookup } from "./public-address.js";

// Stubs of the two endpoints the edge asks on Fargate: task metadata v4 and EC2's Query API.

async function stub(handle: (req: IncomingMessage, body: string) => [number, string]) {
  const seen: { req: IncomingMessage; body: string }[] = [];
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      seen.push({ req, body });
      const [status, text] = handle(req, body);
      res.writeHead(status);
      res.end(text);
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => srv.close(r)),
  };
}

const TASK = {
  Cluster: "arn:aws:ecs:eu-west-1:1:cluster/c",
  Containers: [
    {
      Name: "edge",
      Networks: [{ NetworkMode: "awsvpc", IPv4Addresses: ["10.40.3.17"], AttachmentIndex: 0 }],
    },
  ],
};

const ENI_XML = (publicIp?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <networkInterfaceSet><item>
    <networkInterfaceId>eni-0abc</networkInterfaceId>
    <privateIpAddress>10.40.3.17</privateIpAddress>
    ${publicIp ? `<association><publicIp>${publicIp}</publicIp><ipOwnerId>amazon</ipOwnerId></association>` : ""}
  </item></networkInterfaceSet>
</DescribeNetworkInterfacesResponse>`;

test("the task's private IP from metadata, then its ENI's public IP from a signed DescribeNetworkInterfaces", async () => {
  const metadata = await stub((req) =>
    req.url === "/v4/abc/task" ? [200, JSON.stringify(TASK)] : [404, ""],
  );
  const ec2 = await stub(() => [200, ENI_XML("198.51.100.23")]);
  try {
    const lookup = ec2PublicIpLookup({
      region: "eu-west-1",
      endpoint: ec2.url,
      credentials: async () => ({ accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "tok" }),
    });
    expect(await discoverPublicAddress({ metadataUri: `${metadata.url}/v4/abc`, lookup })).toBe(
      "198.51.100.23",
    );
    const call = ec2.seen[0];
    expect(call?.req.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
      "Filter.1.Name": "addresses.private-ip-address",
      "Filter.1.Value.1": "10.40.3.17",
    });
    expect(call?.req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/ec2\/aws4_request/,
    );
    expect(call?.req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(call?.req.headers["x-amz-security-token"]).toBe("tok");
  } finally {
    await metadata.close();
    await ec2.close();
  }
});

test("no public IP, no metadata, or an EC2 error: undefined or a thrown error, never a wrong address", async () => {
  const metadata = await stub(() => [200, JSON.stringify(TASK)]);
  const noIp = await stub(() => [200, ENI_XML()]);
  const denied = await stub(() => [
    403,
    "<Response><Errors><Error><Code>UnauthorizedOperation</Code></Error></Errors></Response>",
  ]);
  const creds = async () => ({ accessKeyId: "a", secretAccessKey: "s" });
  try {
    const lookup = (endpoint: string) =>
      ec2PublicIpLookup({ region: "us-east-1", endpoint, credentials: creds });
    expect(
      await discoverPublicAddress({ metadataUri: metadata.url, lookup: lookup(noIp.url) }),
    ).toBeUndefined();
    expect(await discoverPublicAddress({ metadataUri: undefined, lookup: lookup(noIp.url) })).toBeUndefined();
    await expect(
      discoverPublicAddress({ metadataUri: metadata.url, lookup: lookup(denied.url) }),
    ).rejects.toThrow(/HTTP 403.*UnauthorizedOperation/);
  } finally {
    await Promise.all([metadata.close(), noIp.close(), denied.close()]);
  }
});
