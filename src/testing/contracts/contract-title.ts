/**
 * The name of a contract suite's describe block: the port, the implementation and, when the
 * suite cannot run here, why (the skipped-tests report lists it, so nothing passes silently).
 */
export function contractTitle(port: string, name: string, skip: string | undefined): string {
  return `${port}: ${name}${skippedBecause(skip)}`;
}

/** ` (skipped: <why>)` for a test or suite that cannot run here, else nothing. */
export function skippedBecause(why: string | undefined): string {
  return why === undefined ? '' : ` (skipped: ${why})`;
}
