// vitest runs server modules outside Next; "server-only" would throw there, so it is a no-op.
export {};
