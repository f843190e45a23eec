/** A fetch failure in a few words, without the URL. */
export function describeFetchFailure(cause: unknown): string {
  if (cause instanceof Error && cause.name === 'TimeoutError') return 'timed out';
  const inner = cause instanceof Error ? cause.cause : undefined;
  if (inner instanceof Error && 'code' in inner && typeof inner.code === 'string') return inner.code;
  return cause instanceof Error ? cause.name : 'failed';
}
