#!/usr/bin/env node
// The package bin `eventscope-collector`: the TypeScript sources run through tsx, with this
// project's tsconfig (for the "@/" imports) wherever the command is started from.
import { fileURLToPath, URL } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("./main.ts");
