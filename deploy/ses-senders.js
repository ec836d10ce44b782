'use strict';
// The stage's brand file is the one place that says which addresses the service sends from (it is
// bundled into the code), so the SES permission is derived from it rather than listed again: a brand
// added to the file is granted its sender in the same deploy, and nothing else is.
//
// Used from serverless.yml as `${file(./deploy/ses-senders.js):sendResources}` and `...:addresses`.
const { readFileSync } = require('node:fs');
const path = require('node:path');

async function brandSenders(resolveVariable) {
  const stage = await resolveVariable('sls:stage');
  const file = path.join(__dirname, '..', 'config', `brands.${stage}.json`);
  let brands;
  try {
    ({ brands } = JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`Stage ${stage} needs a readable brand file config/brands.${stage}.json (${error.message})`);
  }
  const addresses = [...new Set(brands.map((brand) => brand.senderAddress.toLowerCase()))].sort();
  if (addresses.length === 0) throw new Error(`config/brands.${stage}.json lists no brand senders`);
  return addresses;
}

/** The `From` addresses, for the `ses:FromAddress` condition. */
async function addresses({ resolveVariable }) {
  return brandSenders(resolveVariable);
}

/**
 * What `ses:SendEmail` is authorised against: the SES identity ARNs of every sender (its domain and
 * the address itself: SES checks whichever identity is verified, a domain, or a single address as
 * in a sandbox account), each exact, never `identity/*`; and the stage's configuration set, which
 * every send names.
 */
async function sendResources({ resolveVariable }) {
  const senders = await brandSenders(resolveVariable);
  const configurationSet = await resolveVariable('self:custom.sesConfigurationSet');
  const identities = [...new Set(senders.flatMap((address) => [address.split('@')[1], address]))].sort();
  return [
    ...identities.map((identity) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`,
    })),
    { 'Fn::Sub': `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/${configurationSet}` },
  ];
}

module.exports = { addresses, sendResources };
