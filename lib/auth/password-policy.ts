// How long a password may be: one rule for the forms, the API contracts, the auth library and
// ADMIN_PASSWORD.
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 128;
