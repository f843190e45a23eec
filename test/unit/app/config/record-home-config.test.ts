import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { recordShellOverrides } from '../../../../src/app/config/record-home-config.js';

describe('recordShellOverrides', () => {
  it("writes the shell's overrides into the file, validated (absolute paths), keeping the file's own keys", async () => {
    const shell = { CBI_SOURCE_DIR: 'data/fred', CBI_TIMEZONE: 'America/Chicago', PATH: '/usr/bin' };
    const config = await loadConfig({ home: '/h', env: shell });
    const update = recordShellOverrides({ raw: '{"run":{"minHorizons":1}}', config, shell });
    expect(JSON.parse(update?.content ?? '{}')).toEqual({
      run: { minHorizons: 1 },
      source: { dir: `${process.cwd()}/data/fred` },
      schedule: { timeZone: 'America/Chicago' },
    });
    expect(update?.recorded.map((r) => `${r.key}<-${r.variable}`)).toEqual([
      'source.dir<-CBI_SOURCE_DIR',
      'schedule.timeZone<-CBI_TIMEZONE',
    ]);
  });

  it('changes nothing when the file already says so, or the shell sets nothing', async () => {
    const shell = { CBI_SOURCE_DIR: '/data/fred' };
    const config = await loadConfig({ home: '/h', env: shell });
    expect(recordShellOverrides({ raw: '{"source":{"dir":"/data/fred"}}', config, shell })).toBeUndefined();
    expect(
      recordShellOverrides({ raw: undefined, config: await loadConfig({ home: '/h', env: {} }), shell: {} }),
    ).toBeUndefined();
  });
});
