import { join, resolve } from 'node:path';
import { type RunningProcess, startProcess } from './processes.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

/**
 * The Lambda functions of serverless.yml's `local` stage through serverless-offline, in-process: one warm
 * container for all functions, as a warm Lambda has (worker mode cold-starts a worker per concurrent request and
 * times out under load).
 */
export function startServerlessOffline(options: {
  httpPort: number;
  lambdaPort: number;
  env: NodeJS.ProcessEnv;
  logFile: string;
  onLine?: (line: string) => void;
}): RunningProcess {
  return startProcess({
    name: 'product-api',
    command: process.execPath,
    args: [
      // A small young generation: the product API idles at ~210 MB instead of ~270 MB, with no loss in req/s.
      '--max-semi-space-size=1',
      join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
      'offline',
      'start',
      '--stage',
      'local',
      '--httpPort',
      String(options.httpPort),
      '--lambdaPort',
      String(options.lambdaPort),
      '--useInProcess',
      // API Gateway hands any Cookie header to the function as it came; hapi would refuse a malformed one (400).
      '--disableCookieValidation',
    ],
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // The esbuild service (Go) keeps ~300 MB after bundling unless its collector is told to give it back.
      GOMEMLIMIT: '64MiB',
      ...options.env,
    },
    logFile: options.logFile,
    onLine: options.onLine,
  });
}
