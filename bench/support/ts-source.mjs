// `node --experimental-transform-types --import ./bench/support/ts-source.mjs <bench>`
import { register } from 'node:module';

register('./ts-source-hooks.mjs', import.meta.url);
