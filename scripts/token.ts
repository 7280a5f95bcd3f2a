import { parseArgs } from 'node:util';
import { roles, type Role } from '../functions/domain/roles';
import { loadClientConfig } from '../lib/config/load-client-configs';
import { issueDevToken, loadDevKeys } from '../local/dev-tokens';
import { clientFile, devKeysFile } from '../local/paths';

/**
 * `npm run --silent token -- <role> [customerId] [--client ID] [--email E] [--phone P]`: prints a
 * dev JWT for the local runtime on one line, signed with the same key file as `npm start`.
 * `--email` and `--phone` add them as verified claims (`email_verified`, `phone_number_verified`),
 * the only identities a customer may put on their own profile.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { client: { type: 'string', default: 'demo' }, email: { type: 'string' }, phone: { type: 'string' } },
});
const [role, customerId] = positionals;
if (!role || !(roles as readonly string[]).includes(role)) {
  console.error(`usage: npm run --silent token -- <${roles.join('|')}> [customerId] [--client ID] [--email E] [--phone P]`);
  process.exit(2);
}
if (role === 'customer' && !customerId) {
  console.error('the customer role needs a customer id: npm run --silent token -- customer <customerId>');
  process.exit(2);
}
const config = loadClientConfig(clientFile(values.client));
const keys = await loadDevKeys(devKeysFile);
const claims = {
  ...(values.email ? { email: values.email, email_verified: true } : {}),
  ...(values.phone ? { phone_number: values.phone, phone_number_verified: true } : {}),
};
console.log(await issueDevToken(keys, config, { role: role as Role, ...(customerId ? { customerId } : {}), claims }));
