// `npm run nightly` runs on the real FRED series bundled in data/fred. The installed jobs and the
// watchdog's catch-up runs never see this script's environment; they read the home's config. So
// the folder is recorded there (when the config names no source of its own), and every run of
// the home, manual, scheduled or catch-up, uses the same data.
// Usage: node scripts/record-source-dir.mjs <config file> <folder>
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [file, folder] = process.argv.slice(2);
if (file === undefined || folder === undefined) {
  process.stderr.write('usage: node scripts/record-source-dir.mjs <config file> <folder>\n');
  process.exit(64);
}
let config = {};
try {
  config = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  if (error.code !== 'ENOENT') {
    // A config cbi cannot read either: cbi run says what is wrong with it.
    process.exit(0);
  }
}
if (typeof config !== 'object' || config === null || Array.isArray(config)) process.exit(0);
const source = typeof config.source === 'object' && config.source !== null ? config.source : {};
if (source.dir !== undefined || (source.kind !== undefined && source.kind !== 'fred')) process.exit(0);
config.source = { ...source, dir: resolve(folder) };
mkdirSync(dirname(file), { recursive: true });
const temporary = `${file}.tmp-${process.pid}`;
writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
renameSync(temporary, file);
process.stdout.write(`recorded source.dir = ${config.source.dir} in ${file} (the installed jobs read it)\n`);
