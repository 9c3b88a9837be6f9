import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the workbench's assets are served from: relative to the GraphQL page, so a path prefix added by a proxy carries over. */
export const ASSET_PATH = '/graphql-workbench';

export interface WorkbenchAsset {
  file: string;
  contentType: string;
}

// The checkout's root holds package.json: two levels up from src/workbench, three from dist/src/workbench.
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

// The packages' own prebuilt browser bundles: GraphiQL 3 is the last major that ships one (a UMD
// build that takes React from the page), and React 18 the last that ships UMD files. No build step.
function packageFile(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Every file the workbench page loads, by the name in its URL. Nothing else is served: no directory, no path from the request. */
export function workbenchAssets(): ReadonlyMap<string, WorkbenchAsset> {
  const own = resolve(projectRoot(), 'assets', 'workbench');
  return new Map<string, WorkbenchAsset>([
    ['react.production.min.js', { file: packageFile('react', 'umd/react.production.min.js'), contentType: JS }],
    ['react-dom.production.min.js', { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), contentType: JS }],
    ['graphiql.min.js', { file: packageFile('graphiql', 'graphiql.min.js'), contentType: JS }],
    ['graphiql.min.css', { file: packageFile('graphiql', 'graphiql.min.css'), contentType: CSS }],
    ['workbench.js', { file: join(own, 'workbench.js'), contentType: JS }],
    ['workbench.css', { file: join(own, 'workbench.css'), contentType: CSS }],
  ]);
}

/** The page itself. */
export function workbenchPage(): string {
  return join(projectRoot(), 'assets', 'workbench', 'index.html');
}

/**
 * The page's own policy, in place of the API's. Only what the page needs: its scripts, styles and
 * requests go to this origin; GraphiQL's fonts and icons are data: URLs inside its stylesheet. No
 * inline script or style, no eval. Unlike the API's policy it has no upgrade-insecure-requests: on a
 * closed network the app is often reached over plain HTTP, and upgraded asset requests would fail.
 */
export const WORKBENCH_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
