import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/config';
import { WORKBENCH_CSP, workbenchAssets, workbenchPage } from './workbench-assets';

describe('GRAPHQL_IDE', () => {
  it('is on by default and off under NODE_ENV=production', () => {
    expect(loadConfig({}).graphqlIde).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlIde).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIde).toBe(false);
  });

  it('turns it on in production and off anywhere', () => {
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_IDE: 'true' }).graphqlIde).toBe(true);
    expect(loadConfig({ GRAPHQL_IDE: 'false' }).graphqlIde).toBe(false);
  });

  it('refuses a value that is not a boolean, naming the variable', () => {
    expect(() => loadConfig({ GRAPHQL_IDE: 'maybe' })).toThrow(new ConfigError('GRAPHQL_IDE must be true or false, got "maybe"'));
  });
});

describe('workbench assets', () => {
  // A package upgrade that moves or drops a prebuilt bundle fails here, not as a blank page.
  it.each([...workbenchAssets()])('%s is on disk', (_name, asset) => {
    expect(existsSync(asset.file)).toBe(true);
  });

  it('has its page on disk', () => {
    expect(existsSync(workbenchPage())).toBe(true);
  });

  it('allows no inline code, no eval, nothing from another origin and no upgrade to https', () => {
    expect(WORKBENCH_CSP).not.toMatch(/unsafe-|https?:|\*|upgrade-insecure-requests/);
    expect(WORKBENCH_CSP).toContain("default-src 'none'");
  });
});
