// `npm run nightly` runs on the real FRED series bundled in data/fred, or on the folder and kind
// of source CBI_SOURCE_DIR and CBI_SOURCE_KIND name (CBI-V14's tables: `tables`). The installed
// jobs and the watchdog's catch-up runs never see this script's environment; they read the home's
// config. So the folder, and its kind when it is not the default `fred`, are recorded there (when
// the config names no source of its own), and every run of the home, manual, scheduled or
// catch-up, uses the same data: a tables home recorded without its kind made every catch-up run
// look for FRED series in the tables folder and fail with exit 69.
// Usage: node scripts/record-source-dir.mjs <config file> <folder> [kind]
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [file, folder, kind = 'fred'] = process.argv.slice(2);
if (file === undefined || folder === undefined) {
  process.stderr.write('usage: node scripts/record-source-dir.mjs <config file> <folder> [kind]\n');
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
config.source = { ...source, ...(kind === 'fred' ? {} : { kind }), dir: resolve(folder) };
mkdirSync(dirname(file), { recursive: true });
const temporary = `${file}.tmp-${process.pid}`;
writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
renameSync(temporary, file);
const what = kind === 'fred' ? '' : `source.kind = ${kind}, `;
process.stdout.write(
  `recorded ${what}source.dir = ${config.source.dir} in ${file} (the installed jobs read it)\n`,
);
