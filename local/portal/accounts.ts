/**
 * What the portal does when a customer's password or address changes, by any path: the change in
 * the customers table, then the service's RevokeCustomerPasswordResetTokens, so no reset link made
 * before the change still works after it (a link mailed to the old address, or one a password
 * change should have ended). The revoke comes after the change: a link issued before it is ended,
 * and one requested after it belongs to the account as it now is.
 */
import type { ServiceApi } from './api';
import type { CustomerStore, EmailChange } from './customers';

export interface CustomerAccounts {
  /**
   * Stores the new password's hash of an existing customer (never creating one), then ends their
   * reset links; `false` when the brand has no customer at `email` (nothing stored, nothing ended).
   */
  setPassword(brandName: string, email: string, passwordHash: string): Promise<boolean>;
  /** Moves the customer to the new address, then ends the reset links of the old one. */
  changeEmail(brandName: string, from: string, to: string): Promise<EmailChange>;
}

/**
 * `log` gets a line when the service could not end the links (it was down): the change stands, and
 * the links still end by themselves at their expiry; an operator can repeat the revoke.
 */
export function createCustomerAccounts(customers: CustomerStore, api: ServiceApi, log: (line: string) => void): CustomerAccounts {
  async function endResetLinks(brandName: string, email: string): Promise<void> {
    const revoked = await api.revokeResetTokens(email, brandName);
    if (!revoked.ok) log(`portal: the reset links of a customer of ${brandName} were not ended (${revoked.status} ${revoked.errorCode}); repeat RevokeCustomerPasswordResetTokens`);
  }
  return {
    async setPassword(brandName, email, passwordHash) {
      if (!(await customers.setPasswordHash(brandName, email, passwordHash))) return false;
      await endResetLinks(brandName, email);
      return true;
    },
    async changeEmail(brandName, from, to) {
      const change = await customers.changeEmail(brandName, from, to);
      if (change === 'changed') await endResetLinks(brandName, from);
      return change;
    },
  };
}
