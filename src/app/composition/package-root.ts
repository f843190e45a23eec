import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFs } from '../node-fs.js';

const PACKAGE_NAME = 'cbi-autopilot';

/**
 * The folder of cbi-autopilot's package.json, found by walking up from this module. It holds
 * bin/cbi and dist/, wherever the code runs from: src/ (tests), dist/ or the start-up bundle.
 */
export function packageRoot(from: string = import.meta.url): string {
  let folder = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      nodeFs.existsSync(manifest) &&
      nodeFs.readFileSync(manifest, 'utf8').includes(`"name": "${PACKAGE_NAME}"`)
    )
      return folder;
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error(`cannot find the ${PACKAGE_NAME} package above ${fileURLToPath(from)}`);
    folder = parent;
  }
}

/** The version in package.json. */
export function packageVersion(): string {
  const parsed: unknown = JSON.parse(nodeFs.readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  return typeof parsed === 'object' &&
    parsed !== null &&
    'version' in parsed &&
    typeof parsed.version === 'string'
    ? parsed.version
    : '0.0.0';
}
