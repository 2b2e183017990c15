import type { NodeOf } from "@ringflow/flow";

export function VoicemailBody({ node }: { node: NodeOf<"voicemail"> }) {
  return (
    <span>
      Mailbox <code>{node.mailbox}</code>, up to {node.maxLengthSec}s
    </span>
  );
}
