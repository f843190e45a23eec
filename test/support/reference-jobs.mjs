// Writes the reference jobs from the generators, with placeholder paths: LaunchAgents in
// launchd/, LaunchDaemons in launchd/system/, systemd user units in systemd/ and system units
// in systemd/system/. Usage: npm run build && node test/support/reference-jobs.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchJobSpecs } from '../../dist/adapters/macos/launchd-scheduler.js';
import { launchJobPlist } from '../../dist/adapters/macos/launchd-plist.js';
import { systemdJobSpecs } from '../../dist/adapters/linux/systemd-scheduler.js';
import { systemdUnits } from '../../dist/adapters/linux/systemd-units.js';
import { LINUX_REFERENCE, MAC_REFERENCE } from './reference-job-settings.ts';

/** Relative path -> content of every reference file. */
export function referenceFiles() {
  const files = {};
  for (const [mode, folder] of [
    ['user', ''],
    ['system', 'system/'],
  ]) {
    for (const spec of Object.values(launchJobSpecs(MAC_REFERENCE, mode)))
      files[`launchd/${folder}${spec.label}.plist`] = launchJobPlist(spec);
    for (const spec of Object.values(systemdJobSpecs(LINUX_REFERENCE, mode))) {
      const units = systemdUnits(spec);
      files[`systemd/${folder}${spec.name}.service`] = units.service;
      files[`systemd/${folder}${spec.name}.timer`] = units.timer;
    }
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  for (const [path, content] of Object.entries(referenceFiles())) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    console.log(`wrote ${path}`);
  }
}
