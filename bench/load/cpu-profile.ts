// Where the app's CPU went, from the V8 profile `node --cpu-prof` writes when the app exits
// (bench:load --cpu-prof): self time by source (an npm package, the app's own files, Node's
// internals, the garbage collector) and by function, largest first.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/**
 * "next", "socket.io", "route: api/v1/ingest" (a route's bundle in .next/, the app's code inlined),
 * "app: lib/live" (the custom server's own files), "node: internal", "(garbage collector)", …
 */
export function sourceOf(
  url: string,
  functionName: string,
  root = pathToFileURL(process.cwd()).href,
): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node: " + url.slice(5).split("/")[0];
  const bundle = /\/\.next\/server\/(?:app\/(.+)\/(?:route|page)\.js$|([^/]+))/.exec(url);
  if (bundle) return bundle[1] ? `route: ${bundle[1]}` : `next bundle: ${bundle[2]}`;
  if (!url.startsWith(`${root}/`)) return url;
  const [top, sub] = url.slice(root.length + 1).split("/");
  return `app: ${top}/${sub}`;
}

/** node --cpu-prof names a profile CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the main one. */
export const isMainThreadProfile = (file: string) => /\.\d+\.0\.\d+\.cpuprofile$/.test(file);

export type ProfileShare = { name: string; ms: number; share: number };

export async function summariseCpuProfile(file: string, top = 15) {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    const source = sourceOf(url, functionName);
    bySource.set(source, (bySource.get(source) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${source}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const shares = (m: Map<string, number>): ProfileShare[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, bySource: shares(bySource), byFunction: shares(byFunction) };
}
