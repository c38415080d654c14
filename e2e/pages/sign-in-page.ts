// Page objects for the pages before sign-in: first-run setup, sign-in and an invitation link.
import type { Locator, Page } from "@playwright/test";

export class SetupPage {
  constructor(readonly page: Page) {}

  async createAdmin(a: { name: string; email: string; password: string }): Promise<void> {
    await this.page.getByLabel("Your name").fill(a.name);
    await this.page.getByLabel("Email").fill(a.email);
    await this.page.getByLabel("Password", { exact: true }).fill(a.password);
    await this.page.getByLabel("Repeat the password").fill(a.password);
    await this.page.getByRole("button", { name: "Create the admin and sign in" }).click();
  }
}

export class SignInPage {
  readonly error: Locator;

  constructor(readonly page: Page) {
    // Next keeps an empty role="alert" route announcer on every page: the one with words is ours.
    this.error = page.getByRole("alert").filter({ hasText: /\S/ });
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

export class InvitePage {
  constructor(readonly page: Page) {}

  async choosePassword(password: string): Promise<void> {
    await this.page.getByLabel("New password").fill(password);
    await this.page.getByLabel("Repeat the password").fill(password);
    await this.page.getByRole("button", { name: /^(Join|Save) and sign in$/ }).click();
  }
}
