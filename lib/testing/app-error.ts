// What a call that must be refused threw: the AppError (its kind and message for the test to check),
// or a failure naming what happened instead.
import { AppError } from "@/lib/errors";

export async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}
