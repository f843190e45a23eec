// Lets plain node run the repo's TypeScript test support (node strips the types itself): an
// import of `./x.js` that does not exist resolves to `./x.ts`, as TypeScript resolves it.
// Use: node --import ./bench/support/ts-hooks.mjs some.ts
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
