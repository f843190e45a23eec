/** What a synchronous call throws, or undefined when it returns. */
export function failureOf(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}
