import { isLiveCustomer } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import type { Customer } from '@/lib/db/records';

/** The live customers among `ids`, by id, for lists that show whose a case or follow-up is (one bulk read). */
export async function customersById(db: KefuDatabase, ids: readonly string[]): Promise<Map<string, Customer>> {
  const rows = await db.customers.bulkGet([...new Set(ids)]);
  const byId = new Map<string, Customer>();
  for (const row of rows) {
    if (isLiveCustomer(row)) {
      const { terms: _derived, ...customer } = row;
      byId.set(customer.id, customer);
    }
  }
  return byId;
}
