// The background worker's entry point (plain JavaScript: the forked process starts without the
// TypeScript loader the server runs under). It registers tsx, as `npm start` does, then loads the
// worker itself.
import { register } from "tsx/esm/api";

register();
await import("./worker.server.ts");
