import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// Workspace packages resolve to their TypeScript sources through the `@ringflow/source` condition.
// elkjs (~2 MB) is only reached through a dynamic import, so it lands in its own lazy chunk.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@ringflow/source", ...defaultClientConditions] },
  build: { chunkSizeWarningLimit: 2500, sourcemap: false },
  preview: { host: "127.0.0.1", strictPort: true },
  server: { host: "127.0.0.1" },
});
