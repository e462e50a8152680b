// Built by `cargo xtask build` into dist/examples/react/ (relative URLs, so
// the page works wherever dist/ is served).
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  logLevel: "warn",
  build: { emptyOutDir: true, sourcemap: false },
});
