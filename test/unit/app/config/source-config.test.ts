import { describe, expect, it } from 'vitest';
import { sourceConfigSchema } from '../../../../src/app/config/source-config.js';

describe('sourceConfigSchema', () => {
  it.each(['PSOILUSDM', 'my-oil.v2', 'zl_settle', 'Brent-2024', 'a.b_c-D9'])(
    'takes %s as a series id: whatever the file is called',
    (id) => {
      expect(sourceConfigSchema.parse({ drivers: [id] }).drivers).toEqual([id]);
    },
  );

  it.each(['../etc/passwd', 'a/b', '.hidden', 'has space', ''])('refuses %j as a series id', (id) => {
    expect(sourceConfigSchema.safeParse({ drivers: [id] }).success).toBe(false);
  });

  it("needs a folder for the user's own tables, naming the field", () => {
    const parsed = sourceConfigSchema.safeParse({ kind: 'tables' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['dir']);
    expect(sourceConfigSchema.parse({ kind: 'tables', dir: '/data/cbi-v14' })).toMatchObject({
      kind: 'tables',
      columns: { target: 'target_{h}', targetPrefix: 'target_', exclude: [] },
    });
  });

  it('fills the feature roles with the IMF and Treasury ids, each settable or left empty with null', () => {
    expect(sourceConfigSchema.parse({}).roles).toMatchObject({
      palm: 'PPOILUSDM',
      crude: 'POILWTIUSDM',
      yield10y: 'DGS10',
    });
    const roles = sourceConfigSchema.parse({ roles: { crude: 'DCOILWTICO', meal: null } }).roles;
    expect(roles).toMatchObject({ crude: 'DCOILWTICO', palm: 'PPOILUSDM', beans: 'PSOYBUSDM' });
    expect(roles.meal).toBeUndefined();
  });
});
