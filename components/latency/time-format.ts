// Time labels for the latency charts: HH:MM for a day or less, "Dec 4 10:00" beyond, so a week's
// axis says which day; `full` adds the day whatever the span (tooltips).
import { formatMinute } from "@/lib/overview/format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatTick(t: number, spanMs: number, zone: "local" | "utc", full = false): string {
  const hm = formatMinute(t, zone);
  if (!full && spanMs <= 24 * 3_600_000) return hm;
  const d = new Date(t);
  const month = zone === "utc" ? d.getUTCMonth() : d.getMonth();
  const day = zone === "utc" ? d.getUTCDate() : d.getDate();
  return `${MONTHS[month]} ${day} ${hm}`;
}
