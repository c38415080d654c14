// A V8 CPU profile of this process between start() and stop(), through node:inspector — for a
// bench that wants one phase only (bench:reprocess --cpu-prof profiles the reprocessing, not the
// untimed setup before it). Written as a .cpuprofile file (Chrome DevTools opens it).
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

export async function startCpuProfile() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return {
    /** Stops the profiler and writes the profile to `file`. */
    async stop(file: string): Promise<void> {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}
