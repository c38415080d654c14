// Prisma CLI configuration (generate/validate). Migrations are applied by `npm run db:migrate`
// (lib/db/migrate.ts), because Prisma's schema engine binary is not available everywhere.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
