// The worker role's singleton jobs: rollup compaction, alert evaluation and notification, reprocess
// dispatch, retention, partition maintenance and catalog shape expiry. They run in the one worker
// holding the leader lock (lib/db/leader-lock.ts); the other workers stand by and take over within
// LEADER_POLL_MS of the leader's death. Each job's rounds also take their own advisory lock (lib/),
// so an old leader's round still in flight never overlaps its successor's.
import { databaseUrl } from "@/lib/db/client";
import { holdLeaderLock, type Leadership } from "@/lib/db/leader-lock";
import { publishDeadLettersChanged } from "@/lib/live/publish";
import { startAlertEvaluator } from "@/server/alert-evaluator";
import { startAlertNotifier } from "@/server/alert-notifier";
import { startShapeExpiry } from "@/server/catalog-maintenance";
import { startPartitionMaintenance } from "@/server/partition-maintenance";
import { startReprocessDispatcher } from "@/server/reprocess-dispatcher";
import { startRetention } from "@/server/retention";
import { startRollupCompaction } from "@/server/rollup-compaction";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
  child: (bindings: object) => Log;
};

/** pg_advisory_lock key of the worker leadership ("eslw"). */
export const LEADER_LOCK = 0x65736c77;
/** How often a standby tries for the lock (and the leader checks its connection). */
export const LEADER_POLL_MS = 2_000;

export function startLeaderJobs(o: {
  log: Log;
  alertEvalMs: number;
  alertNotifyMs: number;
  pollMs?: number;
}): Leadership {
  let stops: (() => Promise<void>)[] = [];
  const start = () => {
    const alertsLog = o.log.child({ component: "alerts" });
    const notifier = startAlertNotifier({ log: alertsLog, intervalMs: o.alertNotifyMs });
    const evaluator = startAlertEvaluator({
      log: alertsLog,
      intervalMs: o.alertEvalMs,
      onTransitions: notifier.kick,
    });
    const dispatcher = startReprocessDispatcher({
      log: o.log.child({ component: "reprocess" }),
      // Progress also means dead letters changed state (reprocessing, back, reprocessed): the list
      // too. Through the hub, which relays it to the web instances' browsers.
      onProgress: (requestIds) => publishDeadLettersChanged(requestIds),
    });
    stops = [
      startPartitionMaintenance(o.log),
      startShapeExpiry(o.log),
      startRollupCompaction(o.log),
      notifier.stop,
      evaluator.stop,
      dispatcher.stop,
      startRetention(o.log),
    ];
  };
  return holdLeaderLock({
    url: databaseUrl(),
    key: LEADER_LOCK,
    name: "eventscope-worker",
    pollMs: o.pollMs ?? LEADER_POLL_MS,
    onAcquired: start,
    onLost: async () => {
      const running = stops;
      stops = [];
      await Promise.allSettled(running.map((stop) => stop()));
    },
    log: o.log,
  });
}
