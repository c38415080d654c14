// Page object for Settings → Users: invite a person and read back the one-time link.
import type { Locator, Page } from "@playwright/test";
import type { Role } from "@/lib/auth/permissions";

export class UsersPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Users" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/settings/users");
  }

  /** Invites someone and returns the invitation link shown (once) in the dialog. */
  async invite(person: { email: string; name: string; role: Role }): Promise<string> {
    await this.page.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Invite a person" });
    await dialog.getByLabel("Email").fill(person.email);
    await dialog.getByLabel("Name").fill(person.name);
    await dialog.getByLabel("Role").selectOption(person.role);
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const ready = this.page.getByRole("dialog", { name: "Invitation ready" });
    const link = await ready.getByRole("textbox", { name: "Invitation link" }).inputValue();
    await ready.getByRole("button", { name: "Done" }).click();
    return link;
  }
}
