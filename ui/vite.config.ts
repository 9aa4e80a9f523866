/// <reference types="vitest/config" />
// Vite (dev server, build) and Vitest configuration for the UI. The root of the web app is
// ui/; the build (one entry, ui/index.html) goes to ui/dist, which tauri.conf.json embeds. The
// dev server also serves ui/dev/ (the app over the in-memory fake in test/fake), which the
// build never includes.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const uiRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: uiRoot,
  base: "./",
  plugins: [react()],
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_ENV_"],
  server: {
    port: 5173,
    strictPort: true,
    host: "localhost",
  },
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ (Debian 12) and WebView2 both run ES2021.
    target: ["es2021", "safari15"],
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  css: {
    preprocessorOptions: {
      scss: {
        loadPaths: [fileURLToPath(new URL("../node_modules", import.meta.url))],
        quietDeps: true,
        silenceDeprecations: ["import"],
      },
    },
  },
  test: {
    root: uiRoot,
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
    // The whole suite runs far from London so that no test passes by accident of the
    // machine's time zone (UTC+14, no daylight saving).
    env: { TZ: "Pacific/Kiritimati" },
    css: false,
    testTimeout: 15000,
    restoreMocks: true,
  },
});
