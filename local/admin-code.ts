/**
 * npm run admin:code: the current sign-in code of each local demo admin (what an authenticator app would show), and
 * the otpauth:// URI to add the account to a real app instead.
 */

import { demoAdminCodes, readDemoAdminSecrets } from './admin.js';
import { readLocalConfig } from './config.js';

const config = readLocalConfig();
const secrets = readDemoAdminSecrets(config.DATA_DIR);
if (!secrets) {
  console.error(`No demo admins in ${config.DATA_DIR}/ yet: run npm start first.`);
  process.exit(1);
}
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`Codes valid for ${secondsLeft} more seconds (each works once):`);
for (const { email, code, uri } of demoAdminCodes(secrets)) {
  console.log(`  ${email.padEnd(28)} ${code}`);
  console.log(`    ${uri}`);
}
