// The Settings area: tabs over the current settings page. Each page checks its own permission.
import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-4">
      <SettingsTabs />
      {children}
    </div>
  );
}
