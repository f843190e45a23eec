// Lets a bench import the TypeScript sources and test builders directly (Node's own type
// transform): an import of `x.js` that does not exist is resolved to `x.ts` beside it.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!specifier.endsWith('.js') || !(specifier.startsWith('.') || specifier.startsWith('/'))) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}
